package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec W4.2; W8 checklist items 5 (TTL), 6 (Topic, Urgency), 7 (content coding), 8 (size). */
class PostValidatorTest {
    private static final long MAX_TTL = 2_592_000;
    private final PostValidator validator = new PostValidator(MAX_TTL, 4096);

    static byte[] aes128gcmBody(int length) {
        byte[] body = new byte[length];
        body[19] = 0x10; // rs = 4096
        body[20] = 65; // idlen
        body[21] = 0x04;
        return body;
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private WebPushMessage validate(Map<String, String> headers, byte[] body) throws WebPushRejection {
        return validator.validate(RequestHeaders.of(headers), body);
    }

    private static void assertRejected(ThrowingCallable call, WebPushError error, int status, int errno) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
            assertThat(rejection.error()).isEqualTo(error);
            assertThat(rejection.error().status()).isEqualTo(status);
            assertThat(rejection.error().errno()).isEqualTo(errno);
            assertThat(rejection.getMessage()).isNotBlank();
        });
    }

    @Test
    void aPostWithoutTtlGets400Errno111() {
        assertRejected(() -> validate(headers(), new byte[0]), WebPushError.TTL_MISSING, 400, 111);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "abc", "", " ", "+5", "0x10", "1e3", "60s", "٣"})
    void aTtlThatIsNotANonNegativeIntegerGets400Errno112(String ttl) {
        assertRejected(() -> validate(headers("TTL", ttl), new byte[0]), WebPushError.TTL_INVALID, 400, 112);
    }

    @Test
    void aTtlWithinTheMaximumIsUsedAsSent() throws Exception {
        assertThat(validate(headers("TTL", "0"), new byte[0]).ttlSeconds()).isZero();
        assertThat(validate(headers("TTL", "60"), new byte[0]).ttlSeconds()).isEqualTo(60);
        assertThat(validate(headers("TTL", "2592000"), new byte[0]).ttlSeconds()).isEqualTo(MAX_TTL);
    }

    @Test
    void aTtlAboveTheMaximumIsLoweredToItHoweverManyDigitsItHas() throws Exception {
        assertThat(validate(headers("TTL", "2592001"), new byte[0]).ttlSeconds()).isEqualTo(MAX_TTL);
        assertThat(validate(headers("TTL", "99999999999999999999999999"), new byte[0]).ttlSeconds()).isEqualTo(MAX_TTL);
        assertThat(new PostValidator(300, 4096).validate(RequestHeaders.of(headers("TTL", "86400")), new byte[0])
                .ttlSeconds()).isEqualTo(300);
    }

    @Test
    void theTtlHeaderNameIsCaseInsensitive() throws Exception {
        assertThat(validate(headers("ttl", "30"), new byte[0]).ttlSeconds()).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "news", "Az09-_", "abcdefghijklmnopqrstuvwxyz012345"})
    void aTopicOfOneTo32Base64urlCharactersIsCarried(String topic) throws Exception {
        assertThat(validate(headers("TTL", "60", "Topic", topic), new byte[0]).topic()).contains(topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz0123456", "a b", "a.b", "a/b", "a+b", "a=", "caf\u00e9"})
    void aBadTopicGets400Errno113(String topic) {
        assertRejected(() -> validate(headers("TTL", "60", "Topic", topic), new byte[0]),
                WebPushError.TOPIC_INVALID, 400, 113);
    }

    @Test
    void noTopicMeansNone() throws Exception {
        assertThat(validate(headers("TTL", "60"), new byte[0]).topic()).isEmpty();
    }

    @Test
    void eachUrgencyOfRfc8030IsCarriedAndNormalIsTheDefault() throws Exception {
        assertThat(validate(headers("TTL", "60"), new byte[0]).urgency()).isEqualTo(Urgency.NORMAL);
        for (Urgency urgency : Urgency.values()) {
            assertThat(validate(headers("TTL", "60", "Urgency", urgency.header()), new byte[0]).urgency())
                    .isEqualTo(urgency);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"urgent", "", "very_low", "HIGH", "normal "})
    void aBadUrgencyGets400Errno114(String urgency) {
        assertRejected(() -> validate(headers("TTL", "60", "Urgency", urgency), new byte[0]),
                WebPushError.URGENCY_INVALID, 400, 114);
    }

    @Test
    void aBodyWithoutContentEncodingGets400Errno110() {
        assertRejected(() -> validate(headers("TTL", "60"), aes128gcmBody(100)), WebPushError.INVALID_ENCODING, 400, 110);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "identity", "aes128gcm, gzip", ""})
    void aBodyWithAnUnknownContentEncodingGets400Errno110(String encoding) {
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", encoding), aes128gcmBody(100)),
                WebPushError.INVALID_ENCODING, 400, 110);
    }

    @Test
    void anAes128gcmBodyShorterThanItsRfc8291HeaderGets400Errno110() {
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aes128gcm"), aes128gcmBody(85)),
                WebPushError.INVALID_ENCODING, 400, 110);
    }

    @Test
    void anAes128gcmBodyWhoseIdlenIsNot65Gets400Errno110() {
        byte[] body = aes128gcmBody(120);
        body[20] = 32;
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aes128gcm"), body),
                WebPushError.INVALID_ENCODING, 400, 110);
    }

    @Test
    void anAes128gcmBodyOf86BytesOrMoreIsCarriedByteExact() throws Exception {
        byte[] body = aes128gcmBody(86);
        WebPushMessage message = validate(headers("TTL", "60", "Content-Encoding", "AES128GCM"), body);

        assertThat(message.encoding()).contains(ContentEncoding.AES128GCM);
        assertThat(message.body()).isEqualTo(aes128gcmBody(86));
        assertThat(message.encryption()).isNull();
        assertThat(message.cryptoKey()).isNull();
    }

    @Test
    void aesgcmWithoutAnEncryptionSaltGets400Errno101() {
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aesgcm", "Crypto-Key", "dh=BAAA"),
                new byte[20]), WebPushError.CRYPTO_KEYS_MISSING, 400, 101);
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aesgcm", "Crypto-Key", "dh=BAAA",
                "Encryption", "rs=4096"), new byte[20]), WebPushError.CRYPTO_KEYS_MISSING, 400, 101);
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aesgcm", "Crypto-Key", "dh=BAAA",
                "Encryption", "salt="), new byte[20]), WebPushError.CRYPTO_KEYS_MISSING, 400, 101);
    }

    @Test
    void aesgcmWithoutACryptoKeyDhGets400Errno101() {
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aesgcm", "Encryption", "salt=abc"),
                new byte[20]), WebPushError.CRYPTO_KEYS_MISSING, 400, 101);
        assertRejected(() -> validate(headers("TTL", "60", "Content-Encoding", "aesgcm", "Encryption", "salt=abc",
                "Crypto-Key", "p256ecdsa=BAAA"), new byte[20]), WebPushError.CRYPTO_KEYS_MISSING, 400, 101);
    }

    @Test
    void aesgcmCarriesItsEncryptionAndCryptoKeyHeadersAsReceived() throws Exception {
        WebPushMessage message = validate(headers("TTL", "60", "Content-Encoding", "aesgcm",
                "Encryption", "salt=\"c2FsdA\"; rs=4096", "Crypto-Key", "keyid=p256dh, DH=BCDE;p256ecdsa=BAAA"),
                new byte[20]);

        assertThat(message.encoding()).contains(ContentEncoding.AESGCM);
        assertThat(message.encryption()).isEqualTo("salt=\"c2FsdA\"; rs=4096");
        assertThat(message.cryptoKey()).isEqualTo("keyid=p256dh, DH=BCDE;p256ecdsa=BAAA");
    }

    @Test
    void cryptoKeyParametersMaySpreadOverSeveralHeaderLines() throws Exception {
        RequestHeaders headers = name -> switch (name) {
            case "TTL" -> List.of("60");
            case "Content-Encoding" -> List.of("aesgcm");
            case "Encryption" -> List.of("salt=abc");
            case "Crypto-Key" -> List.of("p256ecdsa=BAAA", "dh=BCDE");
            default -> List.of();
        };

        assertThat(validator.validate(headers, new byte[20]).cryptoKey()).isEqualTo("p256ecdsa=BAAA,dh=BCDE");
    }

    @Test
    void anEmptyBodyNeedsNoContentEncodingAndCarriesNone() throws Exception {
        WebPushMessage message = validate(headers("TTL", "0", "Content-Encoding", "gzip"), new byte[0]);

        assertThat(message.encoding()).isEmpty();
        assertThat(message.body()).isEmpty();
    }

    @Test
    void aBodyOf4096BytesIsAcceptedAndOneOf4097Gets413Errno104() throws Exception {
        Map<String, String> headers = headers("TTL", "60", "Content-Encoding", "aes128gcm");

        assertThat(validate(headers, aes128gcmBody(4096)).body()).hasSize(4096);
        assertRejected(() -> validate(headers, aes128gcmBody(4097)), WebPushError.PAYLOAD_TOO_LARGE, 413, 104);
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
        validator.checkContentLength(-1);
        validator.checkContentLength(4096);
        assertRejected(() -> validator.checkContentLength(4097), WebPushError.PAYLOAD_TOO_LARGE, 413, 104);
        assertThat(validator.tooLarge().getMessage()).contains("4096");
    }

    @Test
    void theFirstBrokenRuleIsTheAnswer() {
        assertRejected(() -> validate(headers("Topic", "a.b", "Urgency", "now"), new byte[10]),
                WebPushError.TTL_MISSING, 400, 111);
        assertRejected(() -> validate(headers("TTL", "60", "Topic", "a.b", "Urgency", "now"), new byte[0]),
                WebPushError.TOPIC_INVALID, 400, 113);
        assertRejected(() -> validate(headers(), new byte[5000]), WebPushError.PAYLOAD_TOO_LARGE, 413, 104);
    }

    @Test
    void aMessageNeverShowsItsPayload() throws Exception {
        byte[] body = aes128gcmBody(100);
        body[90] = 'S';
        WebPushMessage message = validate(headers("TTL", "60", "Content-Encoding", "aes128gcm", "Topic", "t"), body);

        assertThat(message.toString()).contains("bytes=100", "aes128gcm").doesNotContain("S");
        assertThat(message.topic()).isEqualTo(Optional.of("t"));
    }
}
