package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris on the WebSocket port: request heads sent one byte a second, never finished. They
 * count toward {@code node.max.connections} (an upgrade while they fill it gets 503) and are all
 * closed {@code node.request.head.timeout} after they began, while a good device is served.
 * Before the fix such sockets were never closed and not counted.
 */
class SlowlorisNodeIT {
    private static final int MAX_CONNECTIONS = 1_000;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void unfinishedRequestHeadsCountTowardCapacityAndAreClosedAfterTheHeadTimeout(@TempDir Path dir)
            throws Exception {
        try (DevProcess dev = DevProcess.start(dir, Map.of("node.max.connections", Integer.toString(MAX_CONNECTIONS),
                "node.request.head.timeout", HEAD_TIMEOUT.toSeconds() + "s"))) {
            GoodDevice good = GoodDevice.start(dev);
            await().atMost(Duration.ofSeconds(30)).until(() -> good.rounds() >= 10);
            long filesBefore = dev.openFiles();
            long rssBefore = dev.residentKib();

            // The good device holds one socket: these fill the rest.
            List<RawWebSocket> slow = new ArrayList<>();
            long began = System.nanoTime();
            for (int i = 0; i < MAX_CONNECTIONS - 1; i++) {
                RawWebSocket raw = RawWebSocket.open(dev.wsPort(), 0);
                raw.write("G".getBytes(StandardCharsets.US_ASCII));
                slow.add(raw);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> dev.openFiles() >= filesBefore + MAX_CONNECTIONS - 1);
            try (RawWebSocket late = RawWebSocket.open(dev.wsPort(), 0)) {
                late.write(RawWebSocket.UPGRADE.getBytes(StandardCharsets.US_ASCII));
                assertThat(late.readHead()).as("an upgrade while the heads fill the node").startsWith("HTTP/1.1 503");
            }

            List<RawWebSocket> open = new ArrayList<>(slow);
            byte[] next = "E".getBytes(StandardCharsets.US_ASCII);
            while (!open.isEmpty() && System.nanoTime() - began < HEAD_TIMEOUT.multipliedBy(4).toNanos()) {
                Thread.sleep(1_000);
                open.removeIf(raw -> !trickle(raw, next));
            }
            long closedAfter = (System.nanoTime() - began) / 1_000_000;
            slow.forEach(RawWebSocket::close);

            assertThat(open).as("heads still open after %d ms", closedAfter).isEmpty();
            assertThat(dev.metric("simplepush_node_upgrades_refused_total", "reason=\"capacity\"")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(dev.openFiles()).as("open files after the attack").isLessThanOrEqualTo(filesBefore + 10));
            good.close();
            long rssAfter = dev.residentKib();
            System.out.printf("SlowlorisNodeIT: %d heads, all closed within %d ms; files %d -> %d; RSS %d -> %d KiB;"
                    + " good device %s%n", slow.size(), closedAfter, filesBefore, dev.openFiles(),
                    rssBefore, rssAfter, good.summary());
            assertThat(good.failures()).isEmpty();
            assertThat(good.p99Millis()).as("the good device's PUT-to-notification p99, ms")
                    .isLessThan(GoodDevice.P99_BOUND_MILLIS);
            assertThat(rssAfter).as("resident KiB").isLessThan(rssBefore + 200 * 1024);
        }
    }

    /** One more byte of the head; false once the server has closed the socket. */
    private static boolean trickle(RawWebSocket raw, byte[] next) {
        try {
            raw.write(next);
            raw.timeoutMillis(1);
            return !raw.awaitEnd();
        } catch (IOException e) {
            return false;
        }
    }
}
