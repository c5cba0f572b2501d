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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Prometheus itself thinks of our exposition: after real traffic (every meter has samples,
 * the histograms included), {@code promtool check metrics} finds nothing to complain about.
 */
class MetricsExpositionIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void promtoolAcceptsTheScrapeAfterTraffic(@TempDir Path dataDir) throws Exception {
        Promtool promtool = Promtool.onPathOrSkip();
        HttpClient http = HttpClient.newHttpClient();
        try (DevMode dev = DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, 0),
                ConfigSource.of(Map.of()))) {
            String chid = UUID.randomUUID().toString();
            try (DeviceClient device = DeviceClient.connect(URI.create("ws://127.0.0.1:" + dev.wsPort() + "/"))) {
                device.hello(null);
                String endpoint = device.register(chid);
                AppServerClient app = new AppServerClient();
                assertThat(app.putVersion(endpoint, 3).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 3));
                device.ack(chid, 3);
                assertThat(app.putVersion(endpoint + "x", 4).status()).isEqualTo(404);
                device.unregister(chid);
            }
            HttpRequest scrape = HttpRequest.newBuilder(URI.create(dev.adminUrl()).resolve("/metrics"))
                    .timeout(WAIT).build();
            await().atMost(WAIT).untilAsserted(() -> assertThat(http.send(scrape, HttpResponse.BodyHandlers.ofString())
                    .body()).contains("simplepush_delivery_latency_seconds_bucket"));
            HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);

            Promtool.Result result = promtool.checkMetrics(response.body());

            assertThat(result.output()).as("promtool check metrics").isBlank();
            assertThat(result.exitStatus()).as("promtool's exit status").isZero();
        }
    }
}
