package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection balancing (spec §12) with two nodes on a real broker: node 0 redirects once one
 * device is on it, node 1 takes the next.
 */
@WithKafkaCluster
class RedirectIT {
    private static final String UAID = "5a1e0c3b2f4d4e6a8b9c0d1e2f3a4b5c";

    @Test
    void aNodeAtItsThresholdSendsTheNextDeviceToItsPeer(KafkaCluster cluster, @TempDir Path dir) {
        try (Deployment services = Deployment.builder(cluster, dir)
                .set("node.load.interval", "200ms")
                .node(Map.of("node.redirect.threshold", "1"))
                .node(Map.of("node.redirect.threshold", "100"))
                .start();
                DeviceClient first = DeviceClient.connect(services.node(0))) {
            first.hello(null);

            // Node 0 learns of node 1 within a load interval or two; until then it accepts.
            AtomicReference<JsonNode> redirect = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (DeviceClient second = DeviceClient.connect(services.node(0))) {
                    second.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
                    JsonNode reply = second.receiveJson();
                    if (reply.path("status").asInt() != 307) {
                        return false;
                    }
                    assertThat(second.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
                    redirect.set(reply);
                    return true;
                }
            });
            assertThat(redirect.get().path("messageType").asText()).isEqualTo("hello");
            assertThat(redirect.get().path("uaid").asText()).isEqualTo(UAID);
            assertThat(redirect.get().path("redirect").asText()).isEqualTo(services.node(1).toString());

            String chid = UUID.randomUUID().toString();
            try (DeviceClient second = DeviceClient.connect(URI.create(redirect.get().path("redirect").asText()))) {
                assertThat(second.hello(UAID)).isEqualTo(UAID);
                String endpoint = second.register(chid);

                assertThat(new AppServerClient().putVersion(endpoint, 7).status()).isEqualTo(200);
                assertThat(second.receiveNotification()).containsExactly(Update.of(chid, 7));
            }
        }
    }
}
