package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's {@code accepted} audit records: one per PUT that passed validation, with its status. */
class GatewayAuditTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-3333-4444-555555555555";

    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final String token = tokens.encode(UAID, CHID);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> audited = new CopyOnWriteArrayList<>();

    private ReplyWaiters waiters;
    private GatewayHttpServer server;
    private volatile PutOutcome reply;
    private volatile boolean failWrites;

    private void start() {
        waiters = new ReplyWaiters(Duration.ofMillis(200));
        NotificationSink sink = notification -> {
            if (failWrites) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            if (reply != null) {
                waiters.complete(new GatewayReply(notification.gatewayId(), notification.requestId(), reply));
            }
            return CompletableFuture.<Void>completedFuture(null);
        };
        AuditLog audit = (notification, status) -> audited.add(notification.version() + ":" + status + ":"
                + KafkaAuditLog.dataLength(notification));
        PutDecider decider = new PutDecider(0, 4096, 1000, tokens, Clock.systemUTC(), new RequestIds(0));
        server = GatewayHttpServer.start("127.0.0.1", 0,
                new GatewayRouter(new UpdateHandler(decider, sink, waiters, 202, audit, null), false));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
            waiters.close();
        }
    }

    @Test
    void eachAnsweredPutIsAuditedWithTheStatusItGotAndItsDataLength() throws Exception {
        start();
        reply = PutOutcome.DELIVERED;
        assertThat(put("version=1&data=h%C3%A9")).isEqualTo(200);
        reply = PutOutcome.STORED;
        assertThat(put("version=2")).isEqualTo(202);
        reply = PutOutcome.UNKNOWN_ENDPOINT;
        assertThat(put("version=3")).isEqualTo(404);
        reply = null;
        assertThat(put("version=4")).as("no outcome in time").isEqualTo(202);
        failWrites = true;
        assertThat(put("version=5")).isEqualTo(503);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(audited).containsExactlyInAnyOrder("1:200:3", "2:202:0", "3:404:0", "4:202:0", "5:503:0"));
    }

    @Test
    void aRejectedPutIsNotAudited() throws Exception {
        start();

        assertThat(put("version=abc")).isEqualTo(400);

        assertThat(audited).isEmpty();
    }

    @Test
    void anUnreachableAuditTopicNeitherBlocksTheCallerNorThrowsAndIsCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // A send that blocked would wait max.block.ms for metadata that never comes: the calls
        // returning sooner than one such wait shows they did not block, whatever the machine's load.
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", Map.of("max.block.ms", "2000"));
        try (KafkaAuditLog audit = new KafkaAuditLog(nowhere, Topics.DEFAULT.audit(), 0, registry,
                GatewayConfig.DEFAULT_AUDIT_LINGER)) {
            long begin = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                audit.accepted(new Notification("0-" + i, 0, UAID, CHID, i, null, 1L), 200);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(2000));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    registry.get(MetricName.AUDIT_WRITE_FAILURES.meterName()).tag("service", "gateway").counter()
                            .count()).isEqualTo(3.0));
        }
        assertThat(registry.find(MetricName.AUDIT_WRITE_FAILURES.meterName()).counters()).isEmpty();
    }

    private int put(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/update/" + token))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString()).statusCode();
    }
}
