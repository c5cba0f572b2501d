package dev.simplepush.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.node.connection.NodeMetrics;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin server on a real listener, with a real Prometheus registry and scripted health. */
class AdminServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HealthChecks health = new HealthChecks(List.of("gateway", "node"));
    private final AtomicReference<Health> gateway = new AtomicReference<>(Health.ready("serving"));
    private final AtomicReference<Health> node = new AtomicReference<>(Health.ready("serving"));
    private AdminServer server;

    @BeforeEach
    void start() {
        server = AdminServer.start("127.0.0.1", 0, registry, health);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private void watchBoth() {
        health.watch("gateway", gateway::get);
        health.watch("node", node::get);
    }

    @Test
    void metricsAreServedInThePrometheusTextFormatUnderTheirDocumentedNames() throws Exception {
        // One meter of each of ours, of its declared type, as the services build them.
        for (MetricName metric : MetricName.values()) {
            String tag = metric.tagKey() == null ? null : metric.tagValues().get(0);
            switch (metric.type()) {
                case COUNTER -> (tag == null ? Counter.builder(metric.meterName())
                        : Counter.builder(metric.meterName()).tag(metric.tagKey(), tag)).register(registry).increment();
                case GAUGE -> Gauge.builder(metric.meterName(), () -> 3).register(registry);
                case TIMER -> Timer.builder(metric.meterName()).publishPercentileHistogram().register(registry)
                        .record(Duration.ofMillis(4));
            }
        }

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        for (MetricName metric : MetricName.values()) {
            String sample = metric.type() == MetricName.Type.TIMER
                    ? metric.prometheusName() + "_count" : metric.prometheusName();
            assertThat(response.body()).as(metric.name()).contains("\n" + sample);
        }
        assertThat(response.body()).contains("simplepush_gateway_put_latency_seconds_bucket{le=");
    }

    @Test
    void theNodesOwnMetersShowWithTheirTagsUntilClosed() throws Exception {
        NodeMetrics metrics = new NodeMetrics(registry);

        assertThat(get("/metrics").body()).contains("simplepush_node_hellos_total{outcome=\"accepted\"} 0.0")
                .contains("simplepush_node_hellos_total{outcome=\"reset\"} 0.0")
                .contains("simplepush_node_deliveries_total{outcome=\"delivered\"} 0.0")
                .contains("simplepush_delivery_latency_seconds_count 0");
        metrics.close();
        assertThat(get("/metrics").body()).doesNotContain("simplepush_node_");
    }

    @Test
    void readyIs200WhenEveryServiceIsReady() throws Exception {
        watchBoth();

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("gateway").path("detail").asText()).isEqualTo("serving");
        assertThat(body.path("checks").path("node").path("ready").asBoolean()).isTrue();
    }

    @Test
    void readyIs503WithTheReasonWhileOneServiceIsNotReadyButLiveStays200() throws Exception {
        watchBoth();
        node.set(Health.notReady("the command consumer last polled 9000 ms ago"));

        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks").path("gateway").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("node").path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks").path("node").path("detail").asText()).contains("last polled");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void liveIs503OnceAServiceIsDown() throws Exception {
        watchBoth();
        gateway.set(Health.down("gateway 0 is stopped"));

        assertThat(get("/health/live").statusCode()).isEqualTo(503);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void aServiceStillStartingIsLiveButNotReady() throws Exception {
        health.watch("gateway", gateway::get);

        HttpResponse<String> ready = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(ready.body()).path("checks").path("node").path("detail").asText())
                .isEqualTo("starting");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aCheckThatThrowsCountsAsDown() throws Exception {
        health.watch("gateway", () -> {
            throw new IllegalStateException("boom");
        });
        health.watch("node", node::get);

        assertThat(get("/health/live").statusCode()).isEqualTo(503);
    }

    @Test
    void anyOtherPathIs404() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(404);
    }

    @Test
    void anyMethodButGetIs405WithAnAllowHeader() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            HttpResponse<String> response = send(method, "/metrics");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET");
        }
        assertThat(send("POST", "/health/ready").statusCode()).isEqualTo(405);
    }
}
