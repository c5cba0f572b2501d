package dev.simplepush.gateway;

import static dev.simplepush.gateway.WebPushGateway.BASE;
import static dev.simplepush.gateway.WebPushGateway.CHID;
import static dev.simplepush.gateway.WebPushGateway.UAID;
import static dev.simplepush.gateway.WebPushGateway.aes128gcmBody;
import static dev.simplepush.gateway.WebPushGateway.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.schemas.token.MessageRef;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /update/<token>} end to end on a real listener, up to the notification written and
 * back from streams-state's reply: W8 checklist items 5–10 and 22 at the gateway, and what a
 * data-mode device will receive (W3.1) as written to {@code notifications}.
 */
class WebPushPostRouteTest {
    private final WebPushGateway gateway = new WebPushGateway();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        return gateway.post(gateway.token(), body, headers);
    }

    private WebPushRequest.Post writtenPost() {
        assertThat(gateway.written).hasSize(1);
        return (WebPushRequest.Post) gateway.written.get(0).webPush();
    }

    @Test
    void anAcceptedPostIs201WithTheLocationOfItsMessageIdAndTheTtlUsed() throws Exception {
        HttpResponse<String> response = post(aes128gcmBody(200), "TTL", "60", "Content-Encoding", "aes128gcm");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("TTL")).hasValue("60");
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(BASE + "/m/");
        String messageId = location.substring((BASE + "/m/").length());
        MessageRef ref = gateway.messageIds.decode(messageId).orElseThrow();
        assertThat(ref.uaid()).isEqualTo(UAID);
        assertThat(ref.channelId()).isEqualTo(CHID);
        assertThat(ref.kind()).isEqualTo(MessageRef.Kind.UNIQUE);
        assertThat(writtenPost().message().messageId()).isEqualTo(messageId);
        assertThat(gateway.pendingWaiters()).isZero();
    }

    @Test
    void theNotificationCarriesTheBodyByteExactAsUnpaddedBase64urlAndItsCoding() throws Exception {
        byte[] body = aes128gcmBody(101);
        long before = System.currentTimeMillis();

        assertThat(post(body, "TTL", "60", "Content-Encoding", "aes128gcm", "Urgency", "high").statusCode())
                .isEqualTo(201);

        Notification notification = gateway.written.get(0);
        WebPushRequest.Post request = writtenPost();
        PushMessage message = request.message();
        assertThat(notification.uaid()).isEqualTo(UAID);
        assertThat(notification.channelId()).isEqualTo(CHID);
        assertThat(notification.version()).as("W3.9: what a SimplePush-mode device gets")
                .isEqualTo(notification.acceptedAtMillis()).isBetween(before, System.currentTimeMillis());
        assertThat(notification.data()).isNull();
        assertThat(message.channelId()).isEqualTo(CHID);
        assertThat(message.ttl()).isEqualTo(60);
        assertThat(message.data()).doesNotContain("=").isEqualTo(Base64Url.encode(body));
        assertThat(Base64Url.decode(message.data()).orElseThrow()).isEqualTo(body);
        assertThat(message.headers()).isEqualTo(PushHeaders.aes128gcm());
        assertThat(request.kind()).isEqualTo(MessageRef.Kind.UNIQUE);
        assertThat(request.urgency()).isEqualTo("high");
        assertThat(request.bodyBytes()).isEqualTo(101);
        assertThat(request.topic()).isNull();
        assertThat(gateway.messageIds.decode(message.messageId()))
                .contains(new MessageRef(UAID, CHID, request.kind(), request.key()));
    }

    @Test
    void anAesgcmMessageCarriesItsEncryptionAndCryptoKeyHeadersAsReceived() throws Exception {
        assertThat(post(new byte[50], "TTL", "60", "Content-Encoding", "aesgcm", "Encryption", "salt=c2FsdA",
                "Crypto-Key", "dh=BPub;p256ecdsa=BKey").statusCode()).isEqualTo(201);

        assertThat(writtenPost().message().headers())
                .isEqualTo(new PushHeaders("aesgcm", "salt=c2FsdA", "dh=BPub;p256ecdsa=BKey"));
    }

    @Test
    void anEmptyBodyIsAMessageWithoutDataOrHeaders() throws Exception {
        assertThat(post(new byte[0], "TTL", "0").statusCode()).isEqualTo(201);

        PushMessage message = writtenPost().message();
        assertThat(message.data()).isNull();
        assertThat(message.headers()).isNull();
        assertThat(message.ttl()).isZero();
        assertThat(writtenPost().bodyBytes()).isZero();
    }

    @Test
    void aTopicMakesATopicMessageWhoseIdIsStablePerChannelAndTopic() throws Exception {
        String first = post(new byte[0], "TTL", "60", "Topic", "news").headers().firstValue("Location").orElseThrow();
        String second = post(new byte[0], "TTL", "60", "Topic", "news").headers().firstValue("Location").orElseThrow();
        String other = post(new byte[0], "TTL", "60").headers().firstValue("Location").orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        WebPushRequest.Post request = (WebPushRequest.Post) gateway.written.get(0).webPush();
        assertThat(request.kind()).isEqualTo(MessageRef.Kind.TOPIC);
        assertThat(request.key()).isEqualTo("news");
        assertThat(request.topic()).isEqualTo("news");
    }

    @Test
    void aPostWithoutTtlIs400Errno111AndNothingIsWritten() throws Exception {
        assertError(post(new byte[0]), 400, 111);
        assertThat(gateway.written).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "soon", "1.5", ""})
    void aTtlThatIsNotANonNegativeIntegerIs400Errno112(String ttl) throws Exception {
        assertError(post(new byte[0], "TTL", ttl), 400, 112);
    }

    @Test
    void aTtlAboveTheMaximumIsLoweredAndThe201SaysSo() throws Exception {
        HttpResponse<String> response = post(new byte[0], "TTL", "99999999");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("TTL")).hasValue("2592000");
        assertThat(writtenPost().message().ttl()).isEqualTo(2_592_000);
    }

    @Test
    void aBadTopicIs400Errno113AndABadUrgency400Errno114() throws Exception {
        assertError(post(new byte[0], "TTL", "60", "Topic", "no spaces"), 400, 113);
        assertError(post(new byte[0], "TTL", "60", "Topic", "x".repeat(33)), 400, 113);
        assertError(post(new byte[0], "TTL", "60", "Urgency", "urgent"), 400, 114);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aBodyWithoutOrWithAnUnknownContentEncodingIs400Errno110() throws Exception {
        assertError(post(aes128gcmBody(100), "TTL", "60"), 400, 110);
        assertError(post(aes128gcmBody(100), "TTL", "60", "Content-Encoding", "gzip"), 400, 110);
    }

    @Test
    void aShortAes128gcmBodyIs400Errno110() throws Exception {
        assertError(post(aes128gcmBody(85), "TTL", "60", "Content-Encoding", "aes128gcm"), 400, 110);
    }

    @Test
    void anAesgcmBodyWithoutSaltOrDhIs400Errno101() throws Exception {
        assertError(post(new byte[50], "TTL", "60", "Content-Encoding", "aesgcm", "Crypto-Key", "dh=BPub"), 400, 101);
        assertError(post(new byte[50], "TTL", "60", "Content-Encoding", "aesgcm", "Encryption", "salt=c2FsdA"),
                400, 101);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aBodyOf4096BytesIsAcceptedAnd4097Is413Errno104() throws Exception {
        assertThat(post(aes128gcmBody(4096), "TTL", "60", "Content-Encoding", "aes128gcm").statusCode()).isEqualTo(201);
        assertThat(writtenPost().bodyBytes()).isEqualTo(4096);

        assertError(post(aes128gcmBody(4097), "TTL", "60", "Content-Encoding", "aes128gcm"), 413, 104);
        assertThat(gateway.written).hasSize(1);
    }

    @Test
    void aChunkedBodyIsCappedWhileItIsRead() throws Exception {
        byte[] fits = aes128gcmBody(4096);
        byte[] tooBig = aes128gcmBody(4097);

        HttpResponse<String> accepted = gateway.send("POST", "/update/" + gateway.token(),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fits)), "TTL", "60",
                "Content-Encoding", "aes128gcm");
        HttpResponse<String> refused = gateway.send("POST", "/update/" + gateway.token(),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooBig)), "TTL", "60",
                "Content-Encoding", "aes128gcm");

        assertThat(accepted.statusCode()).isEqualTo(201);
        assertError(refused, 413, 104);
        assertThat(gateway.written).hasSize(1);
    }

    @Test
    void aForgedTokenIs404Errno102NothingIsWrittenAndNothingAudited() throws Exception {
        assertError(gateway.post("garbage", new byte[0], "TTL", "60"), 404, 102);
        assertThat(gateway.written).isEmpty();
        assertThat(gateway.posted).isEmpty();
        assertThat(gateway.posts("invalid_token")).isEqualTo(1.0);
    }

    @Test
    void anUnregisteredChannelIs410Errno106() throws Exception {
        gateway.reply = PutOutcome.UNKNOWN_ENDPOINT;

        assertError(post(new byte[0], "TTL", "60"), 410, 106);
        assertThat(gateway.written).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = PutOutcome.class, names = {"DELIVERED", "STORED"})
    void aDeliveredOrStoredMessageIs201WithItsTtl(PutOutcome outcome) throws Exception {
        gateway.reply = outcome;

        HttpResponse<String> response = post(new byte[0], "TTL", "300");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("TTL")).hasValue("300");
    }

    @ParameterizedTest
    @EnumSource(value = PutOutcome.class, names = {"DROPPED", "DELIVERED_NOT_KEPT"})
    void aMessageKeptNowhereIs201WithTtlZero(PutOutcome outcome) throws Exception {
        gateway.reply = outcome;

        HttpResponse<String> response = post(new byte[0], "TTL", "300");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("TTL")).hasValue("0");
        assertThat(response.headers().firstValue("Location")).isPresent();
    }

    @Test
    void aPostOverAPendingCapIs429Errno201WithRetryAfter() throws Exception {
        gateway.reply = PutOutcome.PENDING_FULL;

        HttpResponse<String> response = post(new byte[0], "TTL", "60");

        assertError(response, 429, 201);
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValue(Integer.toString(WebPushGateway.RETRY_AFTER_SECONDS));
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aDurableWriteWithoutReplyIs201AfterTheTimeout() throws Exception {
        gateway.reply = null;

        HttpResponse<String> response = post(new byte[0], "TTL", "60");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).isPresent();
        assertThat(gateway.written).hasSize(1);
        assertThat(gateway.pendingWaiters()).isZero();
    }

    @Test
    void aFailedWriteIs503Errno201() throws Exception {
        gateway.failWrites = true;

        assertError(post(new byte[0], "TTL", "60"), 503, 201);
        assertThat(gateway.pendingWaiters()).isZero();
    }

    @Test
    void everyAnswerIsCountedByOutcomeAndAcceptedPayloadBytesAreSummed() throws Exception {
        post(aes128gcmBody(100), "TTL", "60", "Content-Encoding", "aes128gcm");
        post(new byte[0]);
        gateway.reply = PutOutcome.UNKNOWN_ENDPOINT;
        post(new byte[0], "TTL", "60");

        assertThat(gateway.posts("created")).isEqualTo(1.0);
        assertThat(gateway.posts("ttl_missing")).isEqualTo(1.0);
        assertThat(gateway.posts("subscription_gone")).isEqualTo(1.0);
        assertThat(gateway.registry.get("simplepush.gateway.webpush.payload.bytes").counter().count()).isEqualTo(100.0);
    }

    @Test
    void aPutStillWorksBesideThePostRoute() throws Exception {
        gateway.reply = PutOutcome.DELIVERED;

        HttpResponse<String> response = gateway.send("PUT", "/update/" + gateway.token(),
                BodyPublishers.ofString("version=7"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(gateway.written.get(0).webPush()).isNull();
        assertThat(gateway.written.get(0).version()).isEqualTo(7);
        assertThat(Optional.ofNullable(gateway.written.get(0).data())).isEmpty();
    }
}
