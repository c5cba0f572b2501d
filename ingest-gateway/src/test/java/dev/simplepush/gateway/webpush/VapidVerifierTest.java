package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.simplepush.gateway.webpush.VapidCredentials.Form;
import dev.simplepush.schemas.token.Base64Url;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec W5.2; W8 checklist items 24 (valid VAPID) and 25 (each rule that fails). */
class VapidVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String AUDIENCE = TestVapidKey.AUDIENCE;

    private final MutableClock clock = new MutableClock(NOW);
    private final VapidVerifier verifier = new VapidVerifier(AUDIENCE, clock, 100);
    private final TestVapidKey sender = new TestVapidKey();

    private VapidClaims verify(String jwt) throws WebPushRejection {
        return verifier.verify(new VapidCredentials(jwt, sender.publicKeyText(), Form.VAPID));
    }

    private String jwt(String aud, Instant exp, String sub) {
        return sender.sign(TestVapidKey.claims(aud, exp, sub));
    }

    private static void assertFails(ThrowingCallable call, VapidRule rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
            assertThat(rejection.vapidRule()).contains(rule);
            assertThat(rejection.error().status()).isEqualTo(401);
            assertThat(rejection.error().errno()).isEqualTo(109);
            assertThat(rejection.getMessage()).isEqualTo(rule.message());
        });
    }

    @Test
    void aValidEs256JwtVerifiesAndGivesItsKeySubjectAndExpiry() throws Exception {
        VapidClaims claims = verify(sender.jwt(NOW.plus(Duration.ofHours(12))));

        assertThat(claims.publicKey()).isEqualTo(sender.publicKey());
        assertThat(claims.subject()).isEqualTo(TestVapidKey.SUBJECT);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    }

    @Test
    void aJwtSignedByAnotherKeyHasABadSignature() {
        String foreign = new TestVapidKey().jwt(NOW.plus(Duration.ofHours(1)));

        assertFails(() -> verify(foreign), VapidRule.SIGNATURE);
    }

    @Test
    void aJwtWithAlteredClaimsHasABadSignature() {
        String[] parts = sender.jwt(NOW.plus(Duration.ofHours(1))).split("\\.");
        String claims = Base64Url.encode(("{\"aud\":\"" + AUDIENCE + "\",\"exp\":" + NOW.plusSeconds(7200).getEpochSecond()
                + ",\"sub\":\"mailto:evil@example.com\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertFails(() -> verify(parts[0] + "." + claims + "." + parts[2]), VapidRule.SIGNATURE);
    }

    @Test
    void aJwtWithoutSignatureOrNotAJwtAtAllIsRefused() {
        String[] parts = sender.jwt(NOW.plus(Duration.ofHours(1))).split("\\.");

        assertFails(() -> verify(parts[0] + "." + parts[1] + "."), VapidRule.TOKEN);
        assertFails(() -> verify(parts[0] + "." + parts[1] + ".AAAA"), VapidRule.SIGNATURE);
        assertFails(() -> verify("not a jwt"), VapidRule.TOKEN);
        assertFails(() -> verify(parts[0] + "." + parts[1]), VapidRule.TOKEN);
        assertFails(() -> verify("eyJhbGciOiJub25lIn0." + parts[1] + "."), VapidRule.TOKEN);
    }

    @Test
    void aJwtNotSignedWithEs256IsRefused() {
        String hs256 = TestVapidKey.signHs256(TestVapidKey.claims(AUDIENCE, NOW.plusSeconds(3600), TestVapidKey.SUBJECT));

        assertFails(() -> verify(hs256), VapidRule.ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://other.example.com", "http://push.example.com", "https://push.example.com:8443",
            "https://push.example.com/update", "https://push.example.com/", "push.example.com", ""})
    void aJwtForAnotherAudienceIsRefused(String aud) {
        assertFails(() -> verify(jwt(aud, NOW.plusSeconds(3600), TestVapidKey.SUBJECT)), VapidRule.AUDIENCE);
    }

    @Test
    void aJwtWithoutAudienceIsRefused() {
        assertFails(() -> verify(jwt(null, NOW.plusSeconds(3600), TestVapidKey.SUBJECT)), VapidRule.AUDIENCE);
    }

    @Test
    void theAudienceIsComparedAsAnOrigin() throws Exception {
        assertThat(verify(jwt("HTTPS://Push.Example.COM", NOW.plusSeconds(3600), TestVapidKey.SUBJECT))).isNotNull();
        assertThat(verify(jwt("https://push.example.com:443", NOW.plusSeconds(3600), TestVapidKey.SUBJECT))).isNotNull();
        VapidVerifier withPort = new VapidVerifier("http://localhost:8081", clock, 0);
        assertThat(withPort.verify(new VapidCredentials(jwt("http://localhost:8081", NOW.plusSeconds(60),
                TestVapidKey.SUBJECT), sender.publicKeyText(), Form.VAPID))).isNotNull();
    }

    @Test
    void anExpiredJwtIsRefusedBeyondTheAllowedSkew() throws Exception {
        assertFails(() -> verify(sender.jwt(NOW.minusSeconds(61))), VapidRule.EXPIRED);
        assertFails(() -> verify(sender.jwt(NOW.minus(Duration.ofDays(1)))), VapidRule.EXPIRED);
        assertThat(verify(sender.jwt(NOW.minusSeconds(59)))).as("within 60 s of skew").isNotNull();
    }

    @Test
    void aJwtExpiringMoreThan24HoursAheadIsRefused() throws Exception {
        assertFails(() -> verify(sender.jwt(NOW.plus(Duration.ofHours(24)).plusSeconds(61))), VapidRule.EXPIRY_TOO_FAR);
        assertFails(() -> verify(sender.jwt(NOW.plus(Duration.ofDays(30)))), VapidRule.EXPIRY_TOO_FAR);
        assertThat(verify(sender.jwt(NOW.plus(Duration.ofHours(24))))).as("exactly 24 h").isNotNull();
    }

    @Test
    void aJwtWithoutExpiryIsRefused() {
        assertFails(() -> verify(jwt(AUDIENCE, null, TestVapidKey.SUBJECT)), VapidRule.EXPIRY_MISSING);
    }

    @Test
    void aJwtWithoutSubjectIsRefused() {
        assertFails(() -> verify(jwt(AUDIENCE, NOW.plusSeconds(3600), null)), VapidRule.SUBJECT_MISSING);
        assertFails(() -> verify(jwt(AUDIENCE, NOW.plusSeconds(3600), " ")), VapidRule.SUBJECT_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops@example.com", "http://example.com/contact", "mailto:", "https:", "tel:+4312345"})
    void aSubjectThatIsNotAMailtoOrHttpsUriIsRefused(String sub) {
        assertFails(() -> verify(jwt(AUDIENCE, NOW.plusSeconds(3600), sub)), VapidRule.SUBJECT_INVALID);
    }

    @Test
    void anHttpsSubjectIsAccepted() throws Exception {
        assertThat(verify(jwt(AUDIENCE, NOW.plusSeconds(3600), "https://example.com/contact")).subject())
                .isEqualTo("https://example.com/contact");
    }

    @Test
    void aKeyThatIsNotAP256PointIsRefused() {
        String jwt = sender.jwt(NOW.plusSeconds(3600));
        byte[] offCurve = sender.publicKey();
        offCurve[64] ^= 1;
        byte[] compressed = java.util.Arrays.copyOf(sender.publicKey(), 33);
        compressed[0] = 0x02;

        for (String key : List.of(Base64Url.encode(offCurve), Base64Url.encode(compressed), "not base64!", "")) {
            assertFails(() -> verifier.verify(new VapidCredentials(jwt, key, Form.VAPID)), VapidRule.KEY);
        }
    }

    @Test
    void aPaddedKeyIsAccepted() throws Exception {
        String padded = java.util.Base64.getUrlEncoder().encodeToString(sender.publicKey());

        assertThat(verifier.verify(new VapidCredentials(sender.jwt(NOW.plusSeconds(60)), padded, Form.WEBPUSH))
                .publicKey()).isEqualTo(sender.publicKey());
    }

    @Test
    void aReusedJwtIsVerifiedOnceAndThenServedFromTheCache() throws Exception {
        String jwt = sender.jwt(NOW.plus(Duration.ofHours(1)));
        VapidClaims first = verify(jwt);
        VapidClaims second = verify(jwt);

        assertThat(second).isSameAs(first);
        assertThat(verifier.cached()).isEqualTo(1);
    }

    @Test
    void theCacheNeverServesAJwtPastItsExpiry() throws Exception {
        String jwt = sender.jwt(NOW.plus(Duration.ofHours(1)));
        verify(jwt);

        clock.advance(Duration.ofHours(1).plusSeconds(61));

        assertFails(() -> verify(jwt), VapidRule.EXPIRED);
        assertThat(verifier.cached()).isZero();
    }

    @Test
    void theCacheIsKeyedByKeyAndJwtTogether() throws Exception {
        String jwt = sender.jwt(NOW.plus(Duration.ofHours(1)));
        verify(jwt);

        // The same JWT presented with another key must be verified again, and fail.
        assertFails(() -> verifier.verify(new VapidCredentials(jwt, new TestVapidKey().publicKeyText(), Form.VAPID)),
                VapidRule.SIGNATURE);
    }

    @Test
    void failuresAreNotCached() {
        String foreign = new TestVapidKey().jwt(NOW.plusSeconds(3600));
        assertFails(() -> verify(foreign), VapidRule.SIGNATURE);

        assertThat(verifier.cached()).isZero();
    }

    @Test
    void theCacheHoldsAtMostItsSizeAndSizeZeroTurnsItOff() throws Exception {
        VapidVerifier small = new VapidVerifier(AUDIENCE, clock, 2);
        VapidVerifier none = new VapidVerifier(AUDIENCE, clock, 0);
        for (int i = 1; i <= 3; i++) {
            VapidCredentials credentials = new VapidCredentials(sender.jwt(NOW.plusSeconds(60 * i)),
                    sender.publicKeyText(), Form.VAPID);
            small.verify(credentials);
            none.verify(credentials);
        }

        assertThat(small.cached()).isEqualTo(2);
        assertThat(none.cached()).isZero();
    }

    @Test
    void claimsAndCredentialsNeverShowTheJwt() throws Exception {
        String jwt = sender.jwt(NOW.plusSeconds(60));

        assertThat(verify(jwt).toString()).doesNotContain(jwt);
        assertThat(new VapidCredentials(jwt, sender.publicKeyText(), Form.VAPID).toString()).doesNotContain(jwt);
    }
}
