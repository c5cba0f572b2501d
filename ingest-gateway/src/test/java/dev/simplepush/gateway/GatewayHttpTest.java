package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.token.EndpointTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP layer on a real Undertow listener and a real HTTP client, with Kafka replaced by a sink
 * that answers the way streams-state would. The Kafka round trip is covered by the launcher's ITs.
 */
class GatewayHttpTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-3333-4444-555555555555";
    private static final int MAX_DATA = 100;
    private static final int MAX_BODY = 3 * MAX_DATA + 64;

    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final String token = tokens.encode(UAID, CHID);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ReplyWaiters waiters;
    private ScriptedSink sink;
    private GatewayHttpServer server;

    /** Writes to a list, and replies like streams-state would, before the "ack" as can happen. */
    private static final class ScriptedSink implements NotificationSink {
        final List<Notification> written = new CopyOnWriteArrayList<>();
        private final ReplyWaiters waiters;
        volatile PutOutcome reply;
        volatile boolean failWrites;

        ScriptedSink(ReplyWaiters waiters) {
            this.waiters = waiters;
        }

        @Override
        public CompletionStage<Void> send(Notification notification) {
            if (failWrites) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            written.add(notification);
            if (reply != null) {
                waiters.complete(new GatewayReply(notification.gatewayId(), notification.requestId(), reply));
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private void start(boolean cors, int storedStatus) {
        waiters = new ReplyWaiters(Duration.ofMillis(200));
        sink = new ScriptedSink(waiters);
        PutDecider decider = new PutDecider(0, MAX_BODY, MAX_DATA, tokens, Clock.systemUTC(), new RequestIds(0));
        UpdateHandler updates = new UpdateHandler(decider, sink, waiters, storedStatus);
        server = GatewayHttpServer.start("127.0.0.1", 0, new GatewayRouter(updates, cors));
    }

    private void start() {
        start(false, 202);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
            waiters.close();
        }
    }

    private HttpResponse<String> send(String method, String path, BodyPublisher body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String body, String... headers) throws Exception {
        return send("PUT", "/update/" + token, BodyPublishers.ofString(body), headers);
    }

    private static void assertJson(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aPutForAConnectedDeviceIs200WithAnEmptyJsonObject() throws Exception {
        start();
        sink.reply = PutOutcome.DELIVERED;
        assertJson(put("version=12&data=hi"), 200, "{}");
        assertThat(sink.written).singleElement().satisfies(n -> {
            assertThat(n.uaid()).isEqualTo(UAID);
            assertThat(n.channelId()).isEqualTo(CHID);
            assertThat(n.version()).isEqualTo(12);
            assertThat(n.data()).isEqualTo("hi");
        });
        assertThat(waiters.pending()).isZero();
    }

    @Test
    void aPutForAnOfflineDeviceGetsTheStoredStatus() throws Exception {
        start();
        sink.reply = PutOutcome.STORED;
        assertJson(put("version=1"), 202, "{}");
    }

    @Test
    void theStoredStatusCanBe200() throws Exception {
        start(false, 200);
        sink.reply = PutOutcome.STORED;
        assertJson(put("version=1"), 200, "{}");
    }

    @Test
    void aDroppedUpdateGetsTheStoredStatusAndTtlZero() throws Exception {
        start();
        sink.reply = PutOutcome.DROPPED;
        HttpResponse<String> response = put("version=1");
        assertJson(response, 202, "{}");
        assertThat(response.headers().firstValue("TTL")).hasValue("0");
    }

    @Test
    void aDeliveredButNotKeptUpdateIs200WithTtlZero() throws Exception {
        start();
        sink.reply = PutOutcome.DELIVERED_NOT_KEPT;
        HttpResponse<String> response = put("version=1");
        assertJson(response, 200, "{}");
        assertThat(response.headers().firstValue("TTL")).hasValue("0");
    }

    @Test
    void storedAndDeliveredUpdatesCarryNoTtlHeader() throws Exception {
        start();
        sink.reply = PutOutcome.STORED;
        assertThat(put("version=1").headers().firstValue("TTL")).isEmpty();
        sink.reply = PutOutcome.DELIVERED;
        assertThat(put("version=2").headers().firstValue("TTL")).isEmpty();
    }

    @Test
    void anUnknownEndpointReplyIs404InvalidToken() throws Exception {
        start();
        sink.reply = PutOutcome.UNKNOWN_ENDPOINT;
        assertJson(put("version=1"), 404, "\"Invalid Token\"");
    }

    @Test
    void aDurableWriteWithoutReplyGetsTheStoredStatusAfterTheTimeout() throws Exception {
        start();
        assertJson(put("version=1"), 202, "{}");
        assertThat(sink.written).hasSize(1);
        assertThat(waiters.pending()).isZero();
    }

    @Test
    void aFailedWriteIs503() throws Exception {
        start();
        sink.failWrites = true;
        assertJson(put("version=1"), 503, "\"Could not update channel version\"");
        assertThat(waiters.pending()).isZero();
    }

    @Test
    void aBadTokenIs404AndNothingIsWritten() throws Exception {
        start();
        assertJson(send("PUT", "/update/garbage", BodyPublishers.ofString("version=1")), 404, "\"Invalid Token\"");
        assertThat(sink.written).isEmpty();
    }

    @Test
    void anInvalidVersionIs400() throws Exception {
        start();
        assertJson(put("version=-1"), 400, "\"Invalid Version\"");
    }

    @Test
    void dataOverTheLimitIs413WithTheLimitInTheMessage() throws Exception {
        start();
        assertJson(put("data=" + "a".repeat(MAX_DATA + 1)), 413, "\"Data exceeds max length of 100 bytes\"");
    }

    @Test
    void aTextPlainBodyIsIgnoredSoTheVersionIsTheEpochSecond() throws Exception {
        start();
        sink.reply = PutOutcome.STORED;
        long before = System.currentTimeMillis() / 1000;
        assertThat(put("version=12", "Content-Type", "text/plain").statusCode()).isEqualTo(202);
        assertThat(sink.written.get(0).version()).isBetween(before, before + 60);
    }

    @Test
    void theVersionMayComeFromTheQueryString() throws Exception {
        start();
        sink.reply = PutOutcome.STORED;
        assertThat(send("PUT", "/update/" + token + "?version=77", BodyPublishers.noBody()).statusCode()).isEqualTo(202);
        assertThat(sink.written.get(0).version()).isEqualTo(77);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/update", "/update/", "/update/a/b", "/foo", "/update/" + "x/"})
    void otherPathsAre404(String path) throws Exception {
        start();
        assertJson(send("PUT", path, BodyPublishers.ofString("version=1")), 404, "\"Not Found\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE", "PATCH"})
    void otherMethodsAre405WithAnAllowHeader(String method) throws Exception {
        start();
        HttpResponse<String> response = send(method, "/update/" + token, BodyPublishers.noBody());
        assertJson(response, 405, "\"Method Not Allowed\"");
        assertThat(response.headers().firstValue("Allow")).hasValue("PUT, OPTIONS");
    }

    @Test
    void optionsIs200WithoutCorsHeadersByDefault() throws Exception {
        start();
        HttpResponse<String> response = send("OPTIONS", "/update/" + token, BodyPublishers.noBody());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withCorsOptionsAndPutAnswersCarryTheCorsHeaders() throws Exception {
        start(true, 202);
        sink.reply = PutOutcome.DELIVERED;
        for (HttpResponse<String> response : List.of(send("OPTIONS", "/update/" + token, BodyPublishers.noBody()),
                put("version=1"), put("version=x"))) {
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT, OPTIONS");
        }
        assertThat(send("GET", "/update/" + token, BodyPublishers.noBody()).headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aDeclaredBodyOverTheCapIs413() throws Exception {
        start();
        byte[] big = new byte[MAX_BODY + 1];
        HttpResponse<String> response = send("PUT", "/update/" + token, BodyPublishers.ofByteArray(big));
        assertJson(response, 413, "\"Body exceeds max length of " + MAX_BODY + " bytes\"");
        assertThat(sink.written).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheCapIs413() throws Exception {
        start();
        byte[] big = new byte[MAX_BODY * 4];
        HttpResponse<String> response = send("PUT", "/update/" + token,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertJson(response, 413, "\"Body exceeds max length of " + MAX_BODY + " bytes\"");
        assertThat(sink.written).isEmpty();
    }

    @Test
    void aChunkedBodyUnderTheCapIsRead() throws Exception {
        start();
        sink.reply = PutOutcome.DELIVERED;
        byte[] body = "version=5".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = send("PUT", "/update/" + token,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertJson(response, 200, "{}");
        assertThat(sink.written.get(0).version()).isEqualTo(5);
    }

    @Test
    void manyWaitingPutsAreServedTogetherWithoutAThreadEach() throws Exception {
        start();
        // No reply: every PUT waits out the 200 ms timeout at the same time.
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 200)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/update/" + token))
                        .PUT(BodyPublishers.ofString("version=" + i)).build(), BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(202));
        assertThat(sink.written).hasSize(200);
        assertThat(waiters.pending()).isZero();
    }
}
