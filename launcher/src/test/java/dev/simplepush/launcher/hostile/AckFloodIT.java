package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acks as amplification, from devices on the good device's partition: 300 acks of 500 entries
 * each for channels the node never sent them (dropped at the node: a handful of bytes reach
 * {@code device-events}), an ack of 501 entries (echo 401 and a close) and messages beyond the
 * per-connection rate (close 1008). Before the fix one ack could list 30,000 updates; three such
 * sockets wrote 1.5 GB to {@code device-events} and 1 GB to {@code audit} in 60 s and every other
 * device's PUT p50 went from 9 ms to 1.9 s.
 */
class AckFloodIT {
    /** Each ack of 500 entries (about 33 KB) takes three of the 1,000 tokens of the default burst. */
    private static final int ACKS = 300;
    private static final int ENTRIES = 500;

    @Test
    void acksAreBoundedDedupedAndLimitedToWhatWasDelivered(@TempDir Path dir) throws Exception {
        try (DevProcess dev = DevProcess.start(dir, Map.of())) {
            GoodDevice good = GoodDevice.start(dev);
            await().atMost(Duration.ofSeconds(30)).until(() -> good.rounds() >= 10);
            long filesBefore = dev.openFiles();
            long rssBefore = dev.residentKib();
            long eventsBefore = bytesOf(dir, "device-events-");
            long auditBefore = bytesOf(dir, "audit-");

            String uaid = GoodDevice.uaidOnPartitionOf(good.uaid());
            String chid = UUID.randomUUID().toString();
            String bogusAck = ack(ENTRIES, chid);
            try (DeviceClient attacker = DeviceClient.connect(dev.deviceUri())) {
                attacker.hello(uaid);
                String endpoint = attacker.register(chid);
                new AppServerClient().putVersion(endpoint, 1);
                attacker.receiveNotification();
                for (int i = 0; i < ACKS; i++) {
                    attacker.send(bogusAck);
                }
                attacker.ping(); // answered in order: every ack before it has been handled
            }
            try (DeviceClient oversized = DeviceClient.connect(dev.deviceUri())) {
                oversized.hello(GoodDevice.uaidOnPartitionOf(good.uaid()));
                oversized.send(ack(ENTRIES + 1, chid));
                assertThat(oversized.receiveJson().get("status").asInt()).isEqualTo(401);
                assertThat(oversized.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            }
            try (DeviceClient chatty = DeviceClient.connect(dev.deviceUri())) {
                for (int i = 0; i < 1_100 && !chatty.isClosed(); i++) {
                    try {
                        chatty.send("{\"messageType\":\"purge\"}");
                    } catch (RuntimeException e) {
                        break; // closed by the node meanwhile
                    }
                }
                assertThat(chatty.awaitClose(Duration.ofSeconds(10))).as("beyond the message burst").isEqualTo(1008);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(dev.openFiles()).as("open files after the attack").isLessThanOrEqualTo(filesBefore + 10));
            good.close();
            long eventsGrowth = bytesOf(dir, "device-events-") - eventsBefore;
            long auditGrowth = bytesOf(dir, "audit-") - auditBefore;
            long rssAfter = dev.residentKib();
            System.out.printf("AckFloodIT: %d acks of %d entries (%d KB sent); device-events +%d KB, audit +%d KB"
                    + " (both with the good device's own traffic); files %d -> %d; RSS %d -> %d KiB;"
                    + " good device %s%n", ACKS, ENTRIES, (long) ACKS * bogusAck.length() / 1024,
                    eventsGrowth / 1024, auditGrowth / 1024, filesBefore, dev.openFiles(), rssBefore, rssAfter,
                    good.summary());
            assertThat(eventsGrowth).as("device-events bytes written during the attack")
                    .isLessThan((long) ACKS * bogusAck.length() / 20);
            assertThat(dev.metric("simplepush_node_client_errors_total", "cause=\"ack_size\"")).isEqualTo(1);
            assertThat(dev.metric("simplepush_node_client_errors_total", "cause=\"message_rate\"")).isEqualTo(1);
            assertThat(good.failures()).isEmpty();
            assertThat(good.p99Millis()).as("the good device's PUT-to-notification p99, ms")
                    .isLessThan(GoodDevice.P99_BOUND_MILLIS);
            assertThat(rssAfter).as("resident KiB").isLessThan(rssBefore + 200 * 1024);
        }
    }

    /** An ack of {@code entries} channels nobody sent this device, plus the one it was sent. */
    private static String ack(int entries, String delivered) {
        StringJoiner updates = new StringJoiner(",", "[", "]");
        updates.add("{\"channelID\":\"" + delivered + "\",\"version\":1}");
        for (int i = 1; i < entries; i++) {
            updates.add("{\"channelID\":\"" + UUID.randomUUID() + "\",\"version\":" + i + "}");
        }
        return "{\"messageType\":\"ack\",\"updates\":" + updates + "}";
    }

    /** Bytes of the embedded broker's log directories of one topic's partitions. */
    private static long bytesOf(Path dir, String partitionPrefix) {
        try (Stream<Path> files = Files.walk(dir.resolve("data").resolve("kafka"))) {
            return files.filter(file -> file.getParent().getFileName().toString().startsWith(partitionPrefix))
                    .filter(file -> file.getFileName().toString().endsWith(".log"))
                    .mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
