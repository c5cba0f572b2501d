package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frame headers that break RFC 6455 §5.2, sent by the thousand against dev mode in its own JVM:
 * each socket is closed with 1002 at once, the process's files come back to where they were, no
 * stack trace is logged, and a good device on the same node is served throughout. Before the
 * fix, one frame whose 64-bit length had its top bit set left its socket open for ever, with a
 * 17-line ERROR trace per socket (docs/reliability.md, "Hostile clients").
 */
class MalformedFrameIT {
    private static final int SOCKETS = 2_000;
    private static final byte[] MSB_LENGTH = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 5,
        1, 2, 3, 4};

    @Test
    void everyMalformedHeaderIsClosedWith1002AndNothingLeaks(@TempDir Path dir) throws Exception {
        try (DevProcess dev = DevProcess.start(dir, Map.of("node.frame.read.timeout", "2s"))) {
            GoodDevice good = GoodDevice.start(dev);
            await().atMost(Duration.ofSeconds(30)).until(() -> good.rounds() >= 10);
            long filesBefore = dev.openFiles();
            long rssBefore = dev.residentKib();

            List<byte[]> attacks = List.of(MSB_LENGTH,
                    RawWebSocket.frame(0x81 | 0x40, "{}".getBytes(StandardCharsets.UTF_8), true), // RSV2
                    RawWebSocket.frame(0x81, "{}".getBytes(StandardCharsets.UTF_8), false), // unmasked
                    RawWebSocket.frame(0x89, new byte[126], true)); // a 126-byte ping
            ExecutorService attackers = Executors.newFixedThreadPool(8);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) {
                byte[] attack = attacks.get(i % attacks.size());
                codes.add(attackers.submit(() -> {
                    try (RawWebSocket raw = RawWebSocket.upgraded(dev.wsPort())) {
                        raw.write(attack);
                        int code = raw.awaitCloseCode();
                        return raw.awaitEnd() ? code : -code;
                    }
                }));
            }
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> code : codes) {
                answered.add(code.get());
            }
            attackers.shutdown();

            assertThat(answered).as("close codes, negative if the socket then stayed open").containsOnly(1002);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(dev.openFiles()).as("open files after the attack").isLessThanOrEqualTo(filesBefore + 10));
            good.close();
            assertThat(good.failures()).isEmpty();
            assertThat(good.p99Millis()).as("the good device's PUT-to-notification p99, ms")
                    .isLessThan(GoodDevice.P99_BOUND_MILLIS);
            assertThat(dev.metric("simplepush_node_client_errors_total", "cause=\"frame\"")).isEqualTo(SOCKETS);
            assertThat(dev.logLinesContaining("XNIO001007")).as("stack traces of a listener").isZero();
            assertThat(dev.logLinesContaining("Exception")).as("exceptions logged").isZero();
            long rssAfter = dev.residentKib();
            System.out.printf("MalformedFrameIT: %d sockets; files %d -> %d; RSS %d -> %d KiB; good device %s%n",
                    SOCKETS, filesBefore, dev.openFiles(), rssBefore, rssAfter, good.summary());
            assertThat(rssAfter).as("resident KiB").isLessThan(rssBefore + 200 * 1024);
        }
    }
}
