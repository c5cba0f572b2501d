package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's meters on a real listener, with Kafka replaced by a sink that answers "delivered". */
class GatewayMetricsTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-3333-4444-555555555555";

    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ReplyWaiters waiters;
    private GatewayMetrics metrics;
    private GatewayHttpServer server;

    @BeforeEach
    void start() {
        waiters = new ReplyWaiters(Duration.ofSeconds(5));
        NotificationSink delivering = notification -> {
            waiters.complete(new GatewayReply(0, notification.requestId(), PutOutcome.DELIVERED));
            return CompletableFuture.completedFuture(null);
        };
        PutDecider decider = new PutDecider(0, 1024, 100, tokens, Clock.systemUTC(), new RequestIds(0));
        metrics = new GatewayMetrics(registry);
        server = GatewayHttpServer.start("127.0.0.1", 0, new MeteredHandler(
                new GatewayRouter(new UpdateHandler(decider, delivering, waiters, 202), false), metrics));
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(5));
        waiters.close();
        metrics.close();
    }

    private int send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, BodyPublishers.ofString(body)).build(), BodyHandlers.discarding()).statusCode();
    }

    private double puts(String status) {
        Counter counter = registry.find(MetricName.GATEWAY_PUTS.meterName())
                .tag(MetricName.GATEWAY_PUTS.tagKey(), status).counter();
        return counter == null ? 0 : counter.count();
    }

    private Timer latency() {
        return registry.get(MetricName.GATEWAY_PUT_LATENCY.meterName()).timer();
    }

    @Test
    void everyListedStatusHasACounterBeforeAnyRequest() {
        for (String status : MetricName.GATEWAY_PUTS.tagValues()) {
            assertThat(registry.find(MetricName.GATEWAY_PUTS.meterName())
                    .tag(MetricName.GATEWAY_PUTS.tagKey(), status).counter()).as(status).isNotNull();
        }
    }

    @Test
    void aDeliveredPutCountsAs200AndIsTimed() throws Exception {
        assertThat(send("PUT", "/update/" + tokens.encode(UAID, CHID), "version=3")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(puts("200")).isEqualTo(1);
            assertThat(latency().count()).isEqualTo(1);
        });
        assertThat(latency().totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void rejectionsAreCountedByTheirStatus() throws Exception {
        String path = "/update/" + tokens.encode(UAID, CHID);
        assertThat(send("PUT", path, "version=x")).isEqualTo(400);
        assertThat(send("PUT", "/update/forged", "version=1")).isEqualTo(404);
        assertThat(send("GET", "/elsewhere", "")).isEqualTo(404);
        assertThat(send("POST", path, "version=1")).isEqualTo(405);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(puts("400")).isEqualTo(1);
            assertThat(puts("404")).isEqualTo(2);
            assertThat(puts("405")).isEqualTo(1);
            assertThat(latency().count()).as("only PUTs are timed").isEqualTo(2);
        });
    }

    @Test
    void optionsIsNotCounted() throws Exception {
        assertThat(send("OPTIONS", "/update/" + tokens.encode(UAID, CHID), "")).isEqualTo(200);
        assertThat(send("PUT", "/update/" + tokens.encode(UAID, CHID), "version=4")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(puts("200")).isEqualTo(1));
    }

    @Test
    void closingRemovesTheMeters() {
        metrics.close();

        assertThat(registry.find(MetricName.GATEWAY_PUTS.meterName()).meters()).isEmpty();
        assertThat(registry.find(MetricName.GATEWAY_PUT_LATENCY.meterName()).meters()).isEmpty();
    }
}
