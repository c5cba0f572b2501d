package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.gateway.webpush.VapidCredentials.Form;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.AppServerKeys;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests made by the npm {@code web-push} library (an independent RFC 8291/8292 implementation),
 * replayed through the gateway's checks with the clock at the time they were made. The fixture and
 * how to regenerate it: {@code src/test/webpush-fixtures/README.md}. W8 checklist items 24 (both
 * VAPID forms from a real library), 8 (a real 4096-byte body) and 26 (its key binds a restricted
 * subscription).
 */
class WebPushLibraryFixturesTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    private static JsonNode fixture;
    private static Instant createdAt;

    private final EndpointTokens endpointTokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final SubscriptionTokens tokens = new SubscriptionTokens(endpointTokens);

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = WebPushLibraryFixturesTest.class.getResourceAsStream("/webpush/web-push-requests.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
        createdAt = Instant.ofEpochSecond(fixture.get("createdAt").asLong());
    }

    private PostDecider decider(MutableClock clock) {
        WebPushSettings settings = new WebPushSettings(URI.create(fixture.get("audience").asText()), 2_592_000, 4096, 100);
        return PostDecider.from(settings, endpointTokens, clock);
    }

    private static byte[] vapidKey() {
        return AppServerKeys.parse(fixture.get("vapidPublicKey").asText()).orElseThrow();
    }

    private static JsonNode request(String name) {
        for (JsonNode request : fixture.get("requests")) {
            if (request.get("name").asText().equals(name)) {
                return request;
            }
        }
        throw new AssertionError("no fixture request named " + name);
    }

    private static Map<String, String> headers(JsonNode request) {
        Map<String, String> headers = new HashMap<>();
        request.get("headers").fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().asText()));
        return headers;
    }

    private static byte[] body(JsonNode request) {
        return Base64Url.decode(request.get("body").asText()).orElseThrow();
    }

    private AcceptedPost post(PostDecider decider, String token, JsonNode request) throws WebPushRejection {
        RequestHeaders headers = RequestHeaders.of(headers(request));
        byte[] body = body(request);
        AuthorizedPost authorized = decider.authorize(token, headers, body.length);
        return decider.accept(authorized, headers, body);
    }

    @Test
    void anAes128gcmRequestWithVapidIsAcceptedForTheSubscriptionBoundToItsKey() throws Exception {
        JsonNode request = request("aes128gcm with topic and urgency");
        String token = tokens.encodeRestricted(UAID, CHID, vapidKey());

        AcceptedPost post = post(decider(new MutableClock(createdAt)), token, request);

        assertThat(headers(request).get("Authorization")).startsWith("vapid t=");
        assertThat(post.vapid().orElseThrow().subject()).isEqualTo(fixture.get("subject").asText());
        assertThat(post.message().encoding()).contains(ContentEncoding.AES128GCM);
        assertThat(post.message().body()).isEqualTo(body(request));
        assertThat(post.message().ttlSeconds()).isEqualTo(3600);
        assertThat(post.message().topic()).contains("news");
        assertThat(post.message().urgency()).isEqualTo(Urgency.HIGH);
    }

    @Test
    void theAcceptedAes128gcmBodiesAreExactlyWhatTheReceiverDecryptsToThePlaintextSent() throws Exception {
        JsonNode receiver = fixture.get("receiver");
        Aes128gcmDecryptor device = new Aes128gcmDecryptor(Base64Url.decode(receiver.get("p256dh").asText()).orElseThrow(),
                Base64Url.decode(receiver.get("privateKey").asText()).orElseThrow(),
                Base64Url.decode(receiver.get("auth").asText()).orElseThrow());
        PostDecider decider = decider(new MutableClock(createdAt));

        for (String name : List.of("aes128gcm with topic and urgency", "aes128gcm of exactly 4096 bytes")) {
            JsonNode request = request(name);
            AcceptedPost post = post(decider, tokens.encode(UAID, CHID), request);

            assertThat(device.decrypt(post.message().body())).as(name)
                    .isEqualTo(Base64Url.decode(request.get("plaintext").asText()).orElseThrow());
        }
    }

    @Test
    void anAesgcmRequestWithWebPushAndCryptoKeyIsAcceptedAndKeepsItsHeaders() throws Exception {
        JsonNode request = request("aesgcm (WebPush and Crypto-Key p256ecdsa)");
        String token = tokens.encodeRestricted(UAID, CHID, vapidKey());

        AcceptedPost post = post(decider(new MutableClock(createdAt)), token, request);

        Map<String, String> headers = headers(request);
        assertThat(headers.get("Authorization")).startsWith("WebPush ");
        assertThat(post.message().encoding()).contains(ContentEncoding.AESGCM);
        assertThat(post.message().encryption()).isEqualTo(headers.get("Encryption")).startsWith("salt=");
        assertThat(post.message().cryptoKey()).isEqualTo(headers.get("Crypto-Key")).contains("dh=", "p256ecdsa=");
        assertThat(post.message().body()).isEqualTo(body(request));
    }

    @Test
    void aBodyOf4096BytesFromTheLibraryIsAccepted() throws Exception {
        JsonNode request = request("aes128gcm of exactly 4096 bytes");

        AcceptedPost post = post(decider(new MutableClock(createdAt)), tokens.encode(UAID, CHID), request);

        assertThat(post.message().body()).hasSize(4096).isEqualTo(body(request));
    }

    @Test
    void anEmptyBodyWithTtlZeroIsAccepted() throws Exception {
        AcceptedPost post = post(decider(new MutableClock(createdAt)), tokens.encode(UAID, CHID),
                request("empty body with TTL 0"));

        assertThat(post.message().ttlSeconds()).isZero();
        assertThat(post.message().encoding()).isEmpty();
        assertThat(post.ttlHeader()).isEqualTo("0");
    }

    @Test
    void aSubscriptionBoundToAnotherKeyRefusesTheLibrarysRequestWith403() {
        String token = tokens.encodeRestricted(UAID, CHID, new TestVapidKey().publicKey());

        assertThatThrownBy(() -> post(decider(new MutableClock(createdAt)), token, request("aes128gcm with topic and urgency")))
                .isInstanceOfSatisfying(WebPushRejection.class,
                        rejection -> assertThat(rejection.vapidRule()).contains(VapidRule.KEY_MISMATCH));
    }

    @Test
    void theLibrarysJwtIsRefusedOnceItHasExpired() {
        MutableClock clock = new MutableClock(createdAt);
        clock.advance(Duration.ofHours(12).plusMinutes(2)); // web-push signs for 12 hours

        assertThatThrownBy(() -> post(decider(clock), tokens.encode(UAID, CHID), request("aes128gcm with topic and urgency")))
                .isInstanceOfSatisfying(WebPushRejection.class,
                        rejection -> assertThat(rejection.vapidRule()).contains(VapidRule.EXPIRED));
    }

    @Test
    void getVapidHeadersWithAnExplicitExpirationVerifiesInBothForms() throws Exception {
        JsonNode explicit = fixture.get("vapidHeaders");
        Instant exp = Instant.ofEpochSecond(explicit.get("expiration").asLong());
        VapidVerifier verifier = new VapidVerifier(fixture.get("audience").asText(), new MutableClock(createdAt), 0);

        Optional<VapidCredentials> vapidForm = VapidCredentials.from(RequestHeaders.of(Map.of(
                "Authorization", explicit.get("aes128gcm").get("Authorization").asText())));
        Optional<VapidCredentials> webPushForm = VapidCredentials.from(RequestHeaders.of(Map.of(
                "Authorization", explicit.get("aesgcm").get("Authorization").asText(),
                "Crypto-Key", explicit.get("aesgcm").get("Crypto-Key").asText())));

        assertThat(vapidForm.orElseThrow().form()).isEqualTo(Form.VAPID);
        assertThat(webPushForm.orElseThrow().form()).isEqualTo(Form.WEBPUSH);
        for (VapidCredentials credentials : List.of(vapidForm.get(), webPushForm.get())) {
            VapidClaims claims = verifier.verify(credentials);
            assertThat(claims.expiresAt()).isEqualTo(exp).isEqualTo(createdAt.plusSeconds(3600));
            assertThat(claims.publicKey()).isEqualTo(vapidKey());
        }
    }

    @Test
    void theLibrarysJwtIsForAnotherPushServiceIfOurOriginDiffers() {
        VapidVerifier elsewhere = new VapidVerifier("https://other.example.net", new MutableClock(createdAt), 0);

        assertThatThrownBy(() -> elsewhere.verify(VapidCredentials.from(RequestHeaders.of(Map.of("Authorization",
                fixture.get("vapidHeaders").get("aes128gcm").get("Authorization").asText()))).orElseThrow()))
                .isInstanceOfSatisfying(WebPushRejection.class,
                        rejection -> assertThat(rejection.vapidRule()).contains(VapidRule.AUDIENCE));
    }
}
