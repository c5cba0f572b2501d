package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.simplepush.schemas.config.ConfigSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HealthCommandTest {

    @Test
    void aServiceListeningOnEveryAddressIsCheckedOnLoopbackAtItsAdminPort() throws IOException {
        ConfigSource settings = new ConfigSource(Map.of(),
                Map.of("SIMPLEPUSH_ADMIN_LISTEN_HOST", "0.0.0.0", "SIMPLEPUSH_ADMIN_LISTEN_PORT", "8095"), new Properties());

        assertThat(HealthCommand.readyUrl(settings)).isEqualTo(URI.create("http://127.0.0.1:8095/health/ready"));
    }

    @Test
    void exitsZeroWhenReadyAnswers200AndOneWhenItAnswers503() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/starting", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            assertThat(health("--url", base + "/ready")).isZero();
            assertThat(health("--url", base + "/starting")).isEqualTo(HealthCommand.NOT_READY);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aKafkaListenerThatDoesNotAnswerIsNotReady() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(health("--bootstrap-server", "127.0.0.1:" + closedPort, "--timeout", "1"))
                .isEqualTo(HealthCommand.NOT_READY);
    }

    private static int health(String... args) {
        return new CommandLine(new HealthCommand()).execute(args);
    }
}
