package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.embedded.EmbeddedKafkaBroker;
import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §9.10 with checklist item 53: the gateway cannot store a PUT. It gets a broker of its own
 * (the class-wide test cluster must stay up for everyone else), which is stopped once the gateway
 * has started; the gateway's producer is given short timeouts so the failure shows in seconds.
 */
class StorageFailureConformanceIT {
    /** The producer gives up on a write after this ({@code delivery.timeout.ms}). */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(2);

    @Test
    @Checklist(53)
    @DisplayName("§16.53 a storage failure during a PUT gets 503 \"Could not update channel version\"")
    void aPutThatCannotBeStoredGets503(@TempDir Path brokerDir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(brokerDir)
                .withBrokerPort(0)
                .withBrokerProperties(Map.of("offsets.topic.num.partitions", "1")));
        String key = EndpointTokens.generateKey();
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("topics.replication.factor", "1");
        settings.put("topics.min.insync.replicas", "1");
        settings.put("topics.uaid.partitions", "1");
        settings.put("topics.max.gateways", "1");
        settings.put("topics.max.nodes", "1");
        settings.put(EndpointTokens.KEYS_SETTING, key);
        settings.put("gateway.listen.host", "127.0.0.1");
        settings.put("gateway.listen.port", "0");
        // No streams-state runs, so a stored write is answered 202 once this passes.
        settings.put("gateway.reply.timeout", "300ms");
        settings.put("kafka.client.request.timeout.ms", "1000");
        settings.put("kafka.client.delivery.timeout.ms", Long.toString(DELIVERY_TIMEOUT.toMillis()));
        settings.put("kafka.client.max.block.ms", "1000");
        settings.put("kafka.client.reconnect.backoff.max.ms", "200");

        AppServerClient appServer = new AppServerClient(Duration.ofSeconds(15));
        String token = EndpointTokens.fromBase64(List.of(key)).encode(Wire.unknownUaid(), Wire.chid());
        try (GatewayService gateway = GatewayService.start(GatewayConfig.from(ConfigSource.of(settings)))) {
            String endpoint = "http://127.0.0.1:" + gateway.port() + "/update/" + token;
            try {
                Response stored = appServer.putVersion(endpoint, 1);
                assertThat(stored.status()).as("written while the broker is up").isEqualTo(202);
            } finally {
                broker.close();
            }

            long start = System.nanoTime();
            Response put = appServer.putVersion(endpoint, 2);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(put.status()).isEqualTo(503);
            assertThat(put.body()).isEqualTo("\"Could not update channel version\"");
            assertThat(put.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(took).as("bounded by the producer's timeouts").isLessThan(DELIVERY_TIMEOUT.plusSeconds(5));
        } finally {
            broker.close();
        }
    }
}
