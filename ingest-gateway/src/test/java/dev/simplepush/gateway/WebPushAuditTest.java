package dev.simplepush.gateway;

import static dev.simplepush.gateway.WebPushGateway.CHID;
import static dev.simplepush.gateway.WebPushGateway.UAID;
import static dev.simplepush.gateway.WebPushGateway.aes128gcmBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.gateway.webpush.TestVapidKey;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.schemas.token.MessageRef;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's {@code posted} audit records (spec W7.1): one for every POST whose token
 * authenticated, with its final status and errno, and never the payload, the JWT, the token or the
 * message id (W8 checklist item 30, the gateway's part).
 */
class WebPushAuditTest {
    private static final TestVapidKey SENDER = new TestVapidKey();

    private final WebPushGateway gateway = new WebPushGateway();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private AuditEvent.Posted only() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.posted.isEmpty());
        assertThat(gateway.posted).hasSize(1);
        return gateway.posted.get(0);
    }

    @Test
    void anAcceptedPostIsAuditedAs201WithItsMessageByKindAndKey() throws Exception {
        String jwt = SENDER.jwt(Instant.now().plus(Duration.ofHours(1)));
        byte[] body = aes128gcmBody(120);
        HttpResponse<String> response = gateway.post(gateway.restrictedToken(SENDER.publicKey()), body, "TTL", "99999999",
                "Topic", "news", "Urgency", "low", "Content-Encoding", "aes128gcm", "Authorization", SENDER.vapidHeader(jwt));
        assertThat(response.statusCode()).isEqualTo(201);

        AuditEvent.Posted event = only();
        assertThat(event.uaid()).isEqualTo(UAID);
        assertThat(event.channelId()).isEqualTo(CHID);
        assertThat(event.requestId()).isEqualTo(gateway.written.get(0).requestId());
        assertThat(event.kind()).isEqualTo(MessageRef.Kind.TOPIC);
        assertThat(event.key()).isEqualTo("news");
        assertThat(event.ttl()).isEqualTo(2_592_000);
        assertThat(event.topic()).isEqualTo("news");
        assertThat(event.urgency()).isEqualTo("low");
        assertThat(event.encoding()).isEqualTo("aes128gcm");
        assertThat(event.bodyBytes()).isEqualTo(120);
        assertThat(event.vapidSubject()).isEqualTo(TestVapidKey.SUBJECT);
        assertThat(event.status()).isEqualTo(201);
        assertThat(event.errno()).isZero();
        assertThat(event.time()).isEqualTo(gateway.written.get(0).acceptedAtMillis());

        String json = Json.MAPPER.writeValueAsString(event);
        String messageId = response.headers().firstValue("Location").orElseThrow().replaceFirst(".*/m/", "");
        assertThat(json).doesNotContain(messageId, gateway.restrictedToken(SENDER.publicKey()), jwt,
                Base64Url.encode(body), SENDER.publicKeyText());
    }

    @Test
    void aPostRefusedForVapidIsAuditedWithItsStatusAndErrno() throws Exception {
        gateway.post(gateway.restrictedToken(SENDER.publicKey()), new byte[0], "TTL", "60");

        AuditEvent.Posted event = only();
        assertThat(event.status()).isEqualTo(401);
        assertThat(event.errno()).isEqualTo(109);
        assertThat(event.ttl()).isZero();
        assertThat(event.vapidSubject()).isNull();
        assertThat(event.kind()).isEqualTo(MessageRef.Kind.UNIQUE);
    }

    @Test
    void aPostRefusedForItsHeadersIsAuditedWithTheBodySizeAndTheVapidSubject() throws Exception {
        gateway.post(gateway.restrictedToken(SENDER.publicKey()), aes128gcmBody(100), "TTL", "60",
                "Authorization", SENDER.vapidHeader(SENDER.jwt(Instant.now().plusSeconds(600))));

        AuditEvent.Posted event = only();
        assertThat(event.status()).isEqualTo(400);
        assertThat(event.errno()).isEqualTo(110);
        assertThat(event.bodyBytes()).isEqualTo(100);
        assertThat(event.vapidSubject()).isEqualTo(TestVapidKey.SUBJECT);
    }

    @Test
    void theFinalStatusIsAuditedForStreamsStatesRefusalsAndAFailedWrite() throws Exception {
        gateway.reply = PutOutcome.UNKNOWN_ENDPOINT;
        gateway.post(gateway.token(), new byte[0], "TTL", "60");
        gateway.reply = PutOutcome.PENDING_FULL;
        gateway.post(gateway.token(), new byte[0], "TTL", "60");
        gateway.failWrites = true;
        gateway.post(gateway.token(), new byte[0], "TTL", "60");

        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.posted.size() == 3);
        assertThat(gateway.posted).extracting(e -> e.status() + "/" + e.errno())
                .containsExactlyInAnyOrder("410/106", "429/201", "503/201");
    }

    @Test
    void aForgedTokenIsNotAudited() throws Exception {
        gateway.post("forged", new byte[0], "TTL", "60");

        assertThat(gateway.posted).isEmpty();
        assertThat(gateway.accepted).isEmpty();
    }
}
