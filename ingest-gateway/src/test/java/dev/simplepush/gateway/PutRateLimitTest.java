package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import dev.simplepush.schemas.token.EndpointTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code gateway.put.rate}: a token bucket per endpoint, 429 with {@code Retry-After} when empty. */
class PutRateLimitTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-3333-4444-555555555555";
    private static final String OTHER_CHID = "66666666-7777-8888-9999-000000000000";

    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong now = new AtomicLong();
    private final List<Notification> written = new CopyOnWriteArrayList<>();
    private ReplyWaiters waiters;
    private GatewayHttpServer server;

    @BeforeEach
    void start() {
        waiters = new ReplyWaiters(Duration.ofSeconds(5));
        NotificationSink sink = new NotificationSink() {
            @Override
            public CompletionStage<Void> send(Notification notification) {
                written.add(notification);
                waiters.complete(new GatewayReply(notification.gatewayId(), notification.requestId(),
                        PutOutcome.DELIVERED));
                return CompletableFuture.completedFuture(null);
            }
        };
        PutDecider decider = new PutDecider(0, 16_384, 4096, tokens, Clock.systemUTC(), new RequestIds(0));
        // One PUT every 4 s, at most 2 at once; the clock only moves when the test moves it.
        KeyedRateLimiter limiter = new KeyedRateLimiter(new RateLimit(0.25, 2), now::get);
        server = GatewayHttpServer.start("127.0.0.1", 0,
                new GatewayRouter(new UpdateHandler(decider, sink, waiters, 202, AuditLog.OFF, limiter), false));
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(5));
        waiters.close();
    }

    private HttpResponse<String> put(String chid, long version) throws Exception {
        return putToken(tokens.encode(UAID, chid), version);
    }

    private HttpResponse<String> putToken(String token, long version) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/update/" + token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("version=" + version)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void putsBeyondTheBurstGet429WithRetryAfterAndAreNotWritten() throws Exception {
        assertThat(put(CHID, 1).statusCode()).isEqualTo(200);
        assertThat(put(CHID, 2).statusCode()).isEqualTo(200);

        HttpResponse<String> limited = put(CHID, 3);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(limited.body()).isEqualTo("\"Too Many Requests\"");
        assertThat(written).extracting(Notification::version).containsExactly(1L, 2L);
    }

    @Test
    void theBucketRefillsAtTheRate() throws Exception {
        put(CHID, 1);
        put(CHID, 2);
        assertThat(put(CHID, 3).statusCode()).isEqualTo(429);

        now.addAndGet(Duration.ofSeconds(4).toNanos());

        assertThat(put(CHID, 4).statusCode()).isEqualTo(200);
        assertThat(put(CHID, 5).statusCode()).isEqualTo(429);
    }

    @Test
    void eachEndpointHasItsOwnBucketWhateverTokenNamesIt() throws Exception {
        // Two different tokens of one channel share a bucket: registers may hand out either.
        assertThat(putToken(tokens.encode(UAID, CHID), 1).statusCode()).isEqualTo(200);
        assertThat(putToken(tokens.encode(UAID, CHID), 2).statusCode()).isEqualTo(200);
        assertThat(putToken(tokens.encode(UAID, CHID), 3).statusCode()).isEqualTo(429);

        assertThat(put(OTHER_CHID, 1).statusCode()).isEqualTo(200);
    }

    @Test
    void aForgedTokenIsStill404AndTakesNoToken() throws Exception {
        assertThat(putToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1).statusCode()).isEqualTo(404);

        assertThat(put(CHID, 1).statusCode()).isEqualTo(200);
        assertThat(put(CHID, 2).statusCode()).isEqualTo(200);
    }
}
