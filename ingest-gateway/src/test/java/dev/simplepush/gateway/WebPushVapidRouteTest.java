package dev.simplepush.gateway;

import static dev.simplepush.gateway.WebPushGateway.BASE;
import static dev.simplepush.gateway.WebPushGateway.aes128gcmBody;
import static dev.simplepush.gateway.WebPushGateway.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.gateway.webpush.TestVapidKey;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * VAPID and restricted subscriptions on the POST route (spec W5): W8 checklist items 24, 25 and 26,
 * including the PUT to a restricted subscription (W5.4), and that a sender who may not send never
 * has its body read.
 */
class WebPushVapidRouteTest {
    private static final TestVapidKey SENDER = new TestVapidKey();
    private static final TestVapidKey OTHER = new TestVapidKey();

    private final WebPushGateway gateway = new WebPushGateway();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static String vapid(TestVapidKey key) {
        return key.vapidHeader(key.jwt(Instant.now().plus(Duration.ofHours(12))));
    }

    @Test
    void theVapidFormWithAValidJwtIs201() throws Exception {
        HttpResponse<String> response = gateway.post(gateway.restrictedToken(SENDER.publicKey()), aes128gcmBody(100),
                "TTL", "60", "Content-Encoding", "aes128gcm", "Authorization", vapid(SENDER));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void theWebPushFormWithCryptoKeyP256ecdsaIs201() throws Exception {
        String jwt = SENDER.jwt(Instant.now().plus(Duration.ofHours(1)));

        HttpResponse<String> response = gateway.post(gateway.restrictedToken(SENDER.publicKey()), new byte[40],
                "TTL", "60", "Content-Encoding", "aesgcm", "Encryption", "salt=c2FsdA",
                "Authorization", "WebPush " + jwt, "Crypto-Key", "dh=BPub;p256ecdsa=" + SENDER.publicKeyText());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    static Stream<Arguments> brokenJwts() {
        Instant now = Instant.now();
        String badSignature = OTHER.sign(TestVapidKey.claims(BASE, now.plusSeconds(600), TestVapidKey.SUBJECT));
        return Stream.of(
                Arguments.of("bad signature", SENDER.vapidHeader(badSignature), "signature"),
                Arguments.of("wrong aud", SENDER.vapidHeader(SENDER.sign(TestVapidKey.claims("https://other.example",
                        now.plusSeconds(600), TestVapidKey.SUBJECT))), "audience"),
                Arguments.of("exp past", SENDER.vapidHeader(SENDER.sign(TestVapidKey.claims(BASE,
                        now.minusSeconds(3600), TestVapidKey.SUBJECT))), "expired"),
                Arguments.of("exp over 24 h", SENDER.vapidHeader(SENDER.sign(TestVapidKey.claims(BASE,
                        now.plus(Duration.ofHours(25)), TestVapidKey.SUBJECT))), "expiry_too_far"),
                Arguments.of("no sub", SENDER.vapidHeader(SENDER.sign(TestVapidKey.claims(BASE,
                        now.plusSeconds(600), null))), "subject_missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenJwts")
    void aJwtBreakingARuleIs401Errno109NamingTheRule(String name, String authorization, String rule) throws Exception {
        HttpResponse<String> response = gateway.post(gateway.restrictedToken(SENDER.publicKey()), new byte[0],
                "TTL", "60", "Authorization", authorization);

        JsonNode body = assertError(response, 401, 109);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(gateway.written).isEmpty();
        assertThat(gateway.registry.get("simplepush.gateway.vapid.failures").tag("rule", rule).counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void anUnrestrictedSubscriptionAlsoChecksVapidWhenPresent() throws Exception {
        String expired = SENDER.vapidHeader(SENDER.jwt(Instant.now().minus(Duration.ofHours(1))));

        assertError(gateway.post(gateway.token(), new byte[0], "TTL", "60", "Authorization", expired), 401, 109);
        assertThat(gateway.post(gateway.token(), new byte[0], "TTL", "60").statusCode()).isEqualTo(201);
    }

    @Test
    void aRestrictedSubscriptionWithoutVapidIs401Errno109() throws Exception {
        assertError(gateway.post(gateway.restrictedToken(SENDER.publicKey()), new byte[0], "TTL", "60"), 401, 109);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aRestrictedSubscriptionSignedForWithAnotherKeyIs403Errno109() throws Exception {
        assertError(gateway.post(gateway.restrictedToken(SENDER.publicKey()), new byte[0], "TTL", "60",
                "Authorization", vapid(OTHER)), 403, 109);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aPutToARestrictedSubscriptionIs403AndNothingIsWritten() throws Exception {
        HttpResponse<String> response = gateway.send("PUT", "/update/" + gateway.restrictedToken(SENDER.publicKey()),
                BodyPublishers.ofString("version=1"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("restricted").contains("VAPID");
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void vapidIsCheckedBeforeTheDeclaredSizeSoAnOversizedBodyFromAStrangerGets401() throws Exception {
        String token = gateway.restrictedToken(SENDER.publicKey());

        assertError(gateway.post(token, new byte[5000], "TTL", "60"), 401, 109);
        assertError(gateway.post(token, new byte[5000], "TTL", "60", "Authorization", vapid(SENDER)), 413, 104);
        assertThat(gateway.written).isEmpty();
    }
}
