package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that never reads its socket while its app server PUTs 8 MB of data at it. The node
 * queues at most {@code node.max.outbound.bytes} for it, drops it after
 * {@code node.write.timeout}, answers every PUT (200 while written, 202 once dropped) and keeps
 * the newest version pending: the device's next hello gets it. A good device on the same
 * partition is served throughout. Before the fix the node queued every notification without
 * bound (live heap 85.6 to 151.7 MB for one such device and 8,000 PUTs of 4 KB).
 */
class SlowReaderIT {
    private static final int PUTS = 2_000;
    private static final String DATA = "x".repeat(4_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeviceThatDoesNotReadIsDroppedAndLosesNothing(@TempDir Path dir) throws Exception {
        try (DevProcess dev = DevProcess.start(dir, Map.of("node.max.message.bytes", "262144",
                "node.max.outbound.bytes", "262144", "node.write.timeout", "2s"))) {
            GoodDevice good = GoodDevice.start(dev);
            await().atMost(Duration.ofSeconds(30)).until(() -> good.rounds() >= 10);
            long filesBefore = dev.openFiles();
            long rssBefore = dev.residentKib();

            String uaid = GoodDevice.uaidOnPartitionOf(good.uaid());
            String chid = UUID.randomUUID().toString();
            String endpoint;
            RawWebSocket reader = RawWebSocket.upgraded(dev.wsPort(), 4096);
            reader.sendText("{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[]}");
            assertThat(reader.readText()).contains("\"status\":200");
            reader.sendText("{\"messageType\":\"register\",\"channelID\":\"" + chid + "\"}");
            JsonNode registered = JSON.readTree(reader.readText());
            endpoint = registered.get("pushEndpoint").asText();
            // From here on it never reads.

            AppServerClient app = new AppServerClient(Duration.ofSeconds(30));
            ExecutorService putters = Executors.newFixedThreadPool(2);
            AtomicLong next = new AtomicLong();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < PUTS; i++) {
                statuses.add(putters.submit(() -> app.put(endpoint,
                        "version=" + next.incrementAndGet() + "&data=" + DATA).status()));
            }
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            putters.shutdown();

            assertThat(answered).as("every PUT answered delivered or stored").containsOnly(200, 202).contains(202);
            assertThat(dev.metric("simplepush_node_client_errors_total", "cause=\"write_timeout\"")
                    + dev.metric("simplepush_node_client_errors_total", "cause=\"outbound_full\"")).isEqualTo(1);
            reader.close();
            try (DeviceClient back = DeviceClient.connect(dev.deviceUri())) {
                assertThat(back.hello(uaid)).isEqualTo(uaid);
                List<Update> flushed = back.receiveNotification(Duration.ofSeconds(10));
                assertThat(flushed).as("the newest version, still pending").containsExactly(Update.of(chid, PUTS));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(dev.openFiles()).as("open files after the attack").isLessThanOrEqualTo(filesBefore + 10));
            good.close();
            long rssAfter = dev.residentKib();
            System.out.printf("SlowReaderIT: %d PUTs of 4 KB, %d answered 202; files %d -> %d; RSS %d -> %d KiB;"
                    + " good device %s%n", PUTS, answered.stream().filter(s -> s == 202).count(),
                    filesBefore, dev.openFiles(), rssBefore, rssAfter, good.summary());
            assertThat(good.failures()).isEmpty();
            assertThat(good.p99Millis()).as("the good device's PUT-to-notification p99, ms")
                    .isLessThan(GoodDevice.P99_BOUND_MILLIS);
            assertThat(rssAfter).as("resident KiB").isLessThan(rssBefore + 200 * 1024);
        }
    }
}
