package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's admin server while a device registers and gets one update: the counters move by
 * exactly what happened, and health is ready once dev mode has started.
 */
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HELLOS = "simplepush_node_hellos_total{outcome=\"accepted\"}";
    private static final String REGISTERS = "simplepush_node_registers_total";
    private static final String ACKS = "simplepush_node_acks_total";
    private static final String PUTS_200 = "simplepush_gateway_puts_total{status=\"200\"}";
    private static final String DELIVERED = "simplepush_node_deliveries_total{outcome=\"delivered\"}";
    private static final String PUT_LATENCY = "simplepush_gateway_put_latency_seconds_count";
    private static final String DELIVERY_LATENCY = "simplepush_delivery_latency_seconds_count";
    private static final String CONNECTIONS = "simplepush_node_connections";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void countersMoveWhenADeviceRegistersAndReceivesAPut(@TempDir Path dataDir) throws Exception {
        try (DevMode dev = DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, 0),
                ConfigSource.of(Map.of()))) {
            assertThat(dev.adminPort()).isPositive();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(dev, "/health/ready").statusCode()).isEqualTo(200));
            assertThat(get(dev, "/health/ready").body()).contains("\"status\":\"UP\"", "\"state\"", "\"gateway\"",
                    "\"node\"");
            String before = metrics(dev);

            String chid = UUID.randomUUID().toString();
            try (DeviceClient device = DeviceClient.connect(URI.create("ws://127.0.0.1:" + dev.wsPort() + "/"))) {
                device.hello(null);
                String endpoint = device.register(chid);
                assertThat(new AppServerClient().putVersion(endpoint, 7).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 7));
                device.ack(chid, 7);

                await().atMost(WAIT).untilAsserted(() -> {
                    String after = metrics(dev);
                    assertThat(value(after, HELLOS) - value(before, HELLOS)).isEqualTo(1);
                    assertThat(value(after, REGISTERS) - value(before, REGISTERS)).isEqualTo(1);
                    assertThat(value(after, ACKS) - value(before, ACKS)).isEqualTo(1);
                    assertThat(value(after, PUTS_200) - value(before, PUTS_200)).isEqualTo(1);
                    assertThat(value(after, DELIVERED) - value(before, DELIVERED)).isEqualTo(1);
                    assertThat(value(after, PUT_LATENCY) - value(before, PUT_LATENCY)).isEqualTo(1);
                    assertThat(value(after, DELIVERY_LATENCY) - value(before, DELIVERY_LATENCY)).isEqualTo(1);
                    assertThat(value(after, CONNECTIONS)).isEqualTo(1);
                });
            }

            String text = metrics(dev);
            assertThat(text).as("the pending gauge, ignored acks, Kafka's and the JVM's own meters").contains(
                    "\nsimplepush_state_pending ", "\nsimplepush_state_ack_entries_ignored_total ", "\nkafka_producer_", "\nkafka_consumer_", "\nkafka_stream_",
                    "\njvm_memory_used_bytes");
            await().atMost(WAIT).untilAsserted(() -> assertThat(value(metrics(dev), CONNECTIONS)).isZero());
        }
    }

    private HttpResponse<String> get(DevMode dev, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dev.adminUrl()).resolve(path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String metrics(DevMode dev) throws Exception {
        HttpResponse<String> response = get(dev, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one sample, e.g. {@code name{tag="v"}}, in a Prometheus text scrape. */
    private static double value(String text, String sample) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as("a sample " + sample).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
