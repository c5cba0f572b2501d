package dev.simplepush.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedPortTest {
    private static final String HOST = "127.0.0.1";

    @Test
    void anyPortMeansThePreviousRunsPortWhenItIsFree(@TempDir Path dir) throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            free = socket.getLocalPort();
        }
        assertThat(RememberedPort.choose(dir, HOST, 0)).as("nothing remembered yet").isZero();

        RememberedPort.remember(dir, free);

        assertThat(RememberedPort.choose(dir, HOST, 0)).isEqualTo(free);
        assertThat(RememberedPort.choose(dir, HOST, 4321)).as("an explicit port wins").isEqualTo(4321);
    }

    @Test
    void aTakenPortFallsBackToAnyPort(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(HOST, 0));
            RememberedPort.remember(dir, taken.getLocalPort());

            assertThat(RememberedPort.choose(dir, HOST, 0)).isZero();
        }
    }
}
