package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PutDeciderTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-3333-4444-555555555555";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final String token = tokens.encode(UAID, CHID);
    private final PutDecider decider = new PutDecider(3, 16_384, 4096, tokens, Clock.fixed(NOW, ZoneOffset.UTC),
            () -> "req-1");

    private static PutRequest put(String token, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new PutRequest("PUT", token, null, bytes.length, null, bytes);
    }

    private static PutRequest put(String token, String contentType, String query, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new PutRequest("PUT", token, contentType, bytes.length, query, bytes);
    }

    private Notification accepted(PutDecision decision) {
        assertThat(decision).isInstanceOf(PutDecision.Accepted.class);
        return ((PutDecision.Accepted) decision).notification();
    }

    private static void assertRejected(PutDecision decision, GatewayError error, String message) {
        assertThat(decision).isEqualTo(new PutDecision.Rejected(error, message));
    }

    @Test
    void aValidPutBecomesANotificationForTheTokensDeviceAndChannel() {
        Notification notification = accepted(decider.decide(put(token, "version=12&data=hello")));
        assertThat(notification).isEqualTo(new Notification("req-1", 3, UAID, CHID, 12, "hello", NOW.toEpochMilli()));
    }

    @Test
    void aMissingVersionIsTheCurrentEpochSecond() {
        assertThat(accepted(decider.decide(put(token, ""))).version()).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void versionZeroIsKept() {
        assertThat(accepted(decider.decide(put(token, "version=0"))).version()).isZero();
    }

    @Test
    void versionAndDataMayComeFromTheQueryString() {
        Notification notification = accepted(decider.decide(put(token, null, "version=9&data=q", "")));
        assertThat(notification.version()).isEqualTo(9);
        assertThat(notification.data()).isEqualTo("q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json"})
    void aBodyOfAnotherContentTypeIsIgnoredSoTheVersionIsNow(String contentType) {
        Notification notification = accepted(decider.decide(put(token, contentType, null, "version=12")));
        assertThat(notification.version()).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void emptyDataIsNoData() {
        assertThat(accepted(decider.decide(put(token, "version=1&data="))).data()).isNull();
        assertThat(accepted(decider.decide(put(token, "version=1"))).data()).isNull();
    }

    @Test
    void dataOfExactlyTheMaximumUtf8BytesIsAccepted() {
        assertThat(accepted(decider.decide(put(token, "data=" + "a".repeat(4096)))).data()).hasSize(4096);
        // 2048 two-byte characters are 4096 bytes.
        assertThat(accepted(decider.decide(put(token, "data=" + "%C3%A9".repeat(2048)))).data()).hasSize(2048);
    }

    @Test
    void dataOverTheMaximumUtf8BytesIsRejectedWithTheConfiguredLimit() {
        assertRejected(decider.decide(put(token, "data=" + "a".repeat(4097))),
                GatewayError.DATA_TOO_LARGE, "Data exceeds max length of 4096 bytes");
        // 1366 three-byte characters are 4098 bytes though only 1366 chars.
        assertRejected(decider.decide(put(token, "data=" + "%E2%82%AC".repeat(1366))),
                GatewayError.DATA_TOO_LARGE, "Data exceeds max length of 4096 bytes");
        PutDecider small = new PutDecider(0, 1000, 10, tokens, Clock.systemUTC(), () -> "r");
        assertRejected(small.decide(put(token, "data=" + "a".repeat(11))),
                GatewayError.DATA_TOO_LARGE, "Data exceeds max length of 10 bytes");
    }

    @ParameterizedTest(name = "version={0} is 5")
    @ValueSource(strings = {"+5", "%2B5", "%2b5", "5", "+0005"})
    void aLeadingPlusIsTheSignEvenWhenFormEncodingWouldMakeItASpace(String version) {
        // A form-encoded '+' is a space, so "version=+5" decodes to " 5"; spec §9.5 allows the sign,
        // and a leading space is never valid, so a literal leading '+' can only mean the sign.
        assertThat(accepted(decider.decide(put(token, "version=" + version))).version()).isEqualTo(5);
        assertThat(accepted(decider.decide(put(token, null, "version=" + version, ""))).version()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", "9223372036854775808", "+9223372036854775808", "%205", "5%20",
        "5+", "+", "++5", "+%2B5", "%2B+5", "+-5", "+%205", "1+2", "+5+"})
    void anInvalidVersionIs400(String version) {
        assertRejected(decider.decide(put(token, "version=" + version)), GatewayError.INVALID_VERSION, "Invalid Version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not base64!"})
    void aTokenThatCannotBeDecodedIs404InvalidToken(String bad) {
        assertRejected(decider.decide(put(bad, "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");
    }

    @Test
    void aTamperedOrTruncatedTokenIs404InvalidToken() {
        // A middle character: the last one may carry only discarded padding bits.
        int middle = token.length() / 2;
        char original = token.charAt(middle);
        String tampered = token.substring(0, middle) + (original == 'A' ? 'B' : 'A') + token.substring(middle + 1);
        assertRejected(decider.decide(put(tampered, "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");
        assertRejected(decider.decide(put(token.substring(0, 20), "version=1")), GatewayError.INVALID_TOKEN,
                "Invalid Token");
    }

    @Test
    void aTokenRespelledInTheUnusedBitsOfItsLastCharacterIs404() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(respelled))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(token));

        assertRejected(decider.decide(put(respelled, "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");
        assertThat(accepted(decider.decide(put(token + "=".repeat((4 - token.length() % 4) % 4), "version=1")))
                .uaid()).as("the padded spelling").isEqualTo(UAID);
    }

    @Test
    void aTokenFromAnotherKeyIs404ButOneFromASecondConfiguredKeyIsAccepted() {
        String otherKey = EndpointTokens.generateKey();
        String foreign = EndpointTokens.fromBase64(List.of(otherKey)).encode(UAID, CHID);
        assertRejected(decider.decide(put(foreign, "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");

        PutDecider rotated = new PutDecider(0, 16_384, 4096,
                EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey(), otherKey)), Clock.systemUTC(), () -> "r");
        assertThat(accepted(rotated.decide(put(foreign, "version=1"))).uaid()).isEqualTo(UAID);
    }

    @Test
    void aRestrictedWebPushSubscriptionsTokenIs403NotFound() {
        byte[] key = new byte[65];
        key[0] = 0x04;
        String restricted = new SubscriptionTokens(tokens).encodeRestricted(UAID, CHID, key);
        String foreignRestricted = new SubscriptionTokens(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encodeRestricted(UAID, CHID, key);

        PutDecision decision = decider.decide(put(restricted, "version=1"));

        assertThat(decision).isInstanceOfSatisfying(PutDecision.Rejected.class, rejected -> {
            assertThat(rejected.error()).isEqualTo(GatewayError.RESTRICTED_SUBSCRIPTION);
            assertThat(rejected.error().status()).isEqualTo(403);
            assertThat(rejected.message()).contains("restricted", "POST", "VAPID");
        });
        assertRejected(decider.decide(put(foreignRestricted, "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE", "HEAD", "PATCH", "put"})
    void anyMethodButPutIs405(String method) {
        PutRequest request = new PutRequest(method, token, null, 0, null, new byte[0]);
        assertRejected(decider.decide(request), GatewayError.METHOD_NOT_ALLOWED, "Method Not Allowed");
        assertThat(decider.beforeBody(method, 0)).contains(PutDecision.Rejected.of(GatewayError.METHOD_NOT_ALLOWED));
    }

    @Test
    void aDeclaredBodyOverTheCapIs413BeforeTheBodyIsRead() {
        assertThat(decider.beforeBody("PUT", 16_385)).contains(
                new PutDecision.Rejected(GatewayError.BODY_TOO_LARGE, "Body exceeds max length of 16384 bytes"));
        assertThat(decider.beforeBody("PUT", 16_384)).isEmpty();
        assertThat(decider.beforeBody("PUT", -1)).isEmpty();
    }

    @Test
    void aReadBodyOverTheCapIs413() {
        byte[] body = new byte[16_385];
        assertThat(decider.decide(new PutRequest("PUT", token, null, -1, null, body)))
                .isEqualTo(new PutDecision.Rejected(GatewayError.BODY_TOO_LARGE, "Body exceeds max length of 16384 bytes"));
    }

    @Test
    void theChecksRunInTheSpecsOrderMethodSizeVersionDataToken() {
        String tooMuchData = "data=" + "a".repeat(5000);
        byte[] huge = new byte[20_000];
        assertRejected(decider.decide(new PutRequest("GET", "bad", null, huge.length, null, huge)),
                GatewayError.METHOD_NOT_ALLOWED, "Method Not Allowed");
        assertThat(decider.decide(new PutRequest("PUT", "bad", null, huge.length, "version=x", huge)))
                .extracting(d -> ((PutDecision.Rejected) d).error()).isEqualTo(GatewayError.BODY_TOO_LARGE);
        assertRejected(decider.decide(put("bad", "version=x&" + tooMuchData)), GatewayError.INVALID_VERSION,
                "Invalid Version");
        assertThat(decider.decide(put("bad", "version=1&" + tooMuchData)))
                .extracting(d -> ((PutDecision.Rejected) d).error()).isEqualTo(GatewayError.DATA_TOO_LARGE);
        assertRejected(decider.decide(put("bad", "version=1")), GatewayError.INVALID_TOKEN, "Invalid Token");
    }

    @Test
    void eachAcceptedPutGetsAFreshRequestId() {
        RequestIds ids = new RequestIds(7);
        PutDecider counting = new PutDecider(7, 16_384, 4096, tokens, Clock.systemUTC(), ids);
        String first = accepted(counting.decide(put(token, "version=1"))).requestId();
        String second = accepted(counting.decide(put(token, "version=1"))).requestId();
        assertThat(first).startsWith("7-").isNotEqualTo(second);
        assertThat(new RequestIds(7).get()).isNotEqualTo(first);
    }
}
