package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.gateway.webpush.PostDecider;
import dev.simplepush.gateway.webpush.PostValidator;
import dev.simplepush.gateway.webpush.VapidVerifier;
import dev.simplepush.gateway.webpush.WebPushMetrics;
import dev.simplepush.gateway.webpush.WebPushSettings;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.SubscriptionTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway listener with the Web Push routes on a free port, its Kafka replaced by a sink that
 * records what is written and replies the way streams-state would ({@link #reply}), its audit log
 * by a list: the fixture of the route tests, driven by a real HTTP client.
 */
final class WebPushGateway implements AutoCloseable {
    static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    static final String BASE = "https://push.example.com";
    static final int RETRY_AFTER_SECONDS = 90;

    final EndpointTokens endpointTokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    final SubscriptionTokens tokens = new SubscriptionTokens(endpointTokens);
    final MessageIds messageIds = new MessageIds(endpointTokens);
    final List<Notification> written = new CopyOnWriteArrayList<>();
    final List<AuditEvent.Posted> posted = new CopyOnWriteArrayList<>();
    final List<Notification> accepted = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What streams-state replies to each write; null = no reply (the waiter times out). */
    volatile PutOutcome reply = PutOutcome.STORED;
    volatile boolean failWrites;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ReplyWaiters waiters = new ReplyWaiters(Duration.ofMillis(200));
    private final WebPushMetrics metrics;
    private final GatewayHttpServer server;

    WebPushGateway() {
        this(true, false, RateLimit.OFF);
    }

    /**
     * @param enabled {@code webpush.enabled}
     * @param cors    {@code gateway.cors}
     * @param rate    {@code gateway.put.rate} and burst
     */
    WebPushGateway(boolean enabled, boolean cors, RateLimit rate) {
        this(enabled, cors, rate, Clock.systemUTC());
    }

    /** @param clock what VAPID's {@code exp} is checked against */
    WebPushGateway(boolean enabled, boolean cors, RateLimit rate, Clock clock) {
        WebPushSettings settings = new WebPushSettings(URI.create(BASE), 2_592_000, 4096, 100, enabled,
                Duration.ofSeconds(RETRY_AFTER_SECONDS));
        NotificationSink sink = notification -> {
            if (failWrites) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            written.add(notification);
            PutOutcome outcome = reply;
            if (outcome != null) {
                // Before the "ack", as can happen; a cancel has no waiter, so its reply finds none.
                waiters.complete(new GatewayReply(notification.gatewayId(), notification.requestId(), outcome));
            }
            return CompletableFuture.<Void>completedFuture(null);
        };
        AuditLog audit = new AuditLog() {
            @Override
            public void accepted(Notification notification, int status) {
                accepted.add(notification);
            }

            @Override
            public void posted(AuditEvent.Posted event) {
                posted.add(event);
            }
        };
        RequestIds requestIds = new RequestIds(0);
        KeyedRateLimiter perEndpoint = rate.enabled() ? new KeyedRateLimiter(rate) : null;
        PutDecider putDecider = new PutDecider(0, 16_384, 4096, endpointTokens, clock, requestIds);
        UpdateHandler updates = new UpdateHandler(putDecider, sink, waiters, 202, audit, perEndpoint);
        VapidVerifier vapid = VapidVerifier.from(settings, clock);
        metrics = new WebPushMetrics(registry, vapid);
        GatewayRouter router = new GatewayRouter(updates, cors);
        if (enabled) {
            PostDecider decider = new PostDecider(tokens, messageIds, PostValidator.from(settings), vapid, settings);
            router = new GatewayRouter(updates,
                    new PostHandler(decider, sink, waiters, audit, metrics, perEndpoint, 0, requestIds, clock,
                            settings.retryAfterHeader()),
                    new CancelHandler(decider, sink, 0, requestIds, clock), cors);
        }
        server = GatewayHttpServer.start("127.0.0.1", 0, router);
    }

    int port() {
        return server.port();
    }

    String token() {
        return tokens.encode(UAID, CHID);
    }

    String restrictedToken(byte[] key) {
        return tokens.encodeRestricted(UAID, CHID, key);
    }

    HttpResponse<String> send(String method, String path, BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> post(String token, byte[] body, String... headers) throws Exception {
        return send("POST", "/update/" + token, BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<String> delete(String messageId) throws Exception {
        return send("DELETE", "/m/" + messageId, BodyPublishers.noBody());
    }

    /** How many POSTs were counted with {@code outcome} ({@code created} or an error's tag). */
    double posts(String outcome) {
        Counter counter = registry.find(MetricName.GATEWAY_WEBPUSH_POSTS.meterName())
                .tag(MetricName.GATEWAY_WEBPUSH_POSTS.tagKey(), outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    int pendingWaiters() {
        return waiters.pending();
    }

    /** Asserts a W4.9 JSON error and returns its body. */
    static JsonNode assertError(HttpResponse<String> response, int status, int errno) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("errno").asInt()).isEqualTo(errno);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    /** A body an aes128gcm check accepts: RFC 8291's 86-byte header (idlen 65) and some ciphertext. */
    static byte[] aes128gcmBody(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (i * 7 + 3);
        }
        body[20] = 65;
        return body;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
        waiters.close();
        metrics.close();
    }
}
