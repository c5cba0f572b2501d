package dev.simplepush.gateway.webpush;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.simplepush.schemas.token.AppServerKeys;
import dev.simplepush.schemas.token.Base64Url;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks a VAPID JWT by the rules of spec W5.2 (RFC 8292 §2): ES256 only, a signature valid under
 * the presented key, {@code aud} the origin of this push service, {@code exp} in the future and
 * at most 24 hours ahead (60 seconds of clock skew allowed either way), {@code sub} a
 * {@code mailto:} or {@code https:} URI. The JWS parsing and ECDSA verification are
 * nimbus-jose-jwt's; which claims matter, and how, is ours.
 *
 * <p>Successes are cached per (key, JWT) until {@code exp} ({@link VapidCache}). Thread-safe.
 */
public final class VapidVerifier {
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final String audience;
    private final Clock clock;
    private final VapidCache cache;
    private final LongAdder verified = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();

    /**
     * @param audience  the only {@code aud} accepted: an origin such as {@code https://push.example.com}
     * @param clock     the time {@code exp} is judged by
     * @param cacheSize verifications to keep; 0 for none
     */
    public VapidVerifier(String audience, Clock clock, int cacheSize) {
        this.audience = audience;
        this.clock = clock;
        this.cache = new VapidCache(cacheSize);
    }

    public static VapidVerifier from(WebPushSettings settings, Clock clock) {
        return new VapidVerifier(settings.audience(), clock, settings.vapidCacheSize());
    }

    /** The verified claims, or a 401 errno 109 naming the rule that failed. */
    public VapidClaims verify(VapidCredentials credentials) throws WebPushRejection {
        Instant now = clock.instant();
        VapidClaims cached = cache.get(credentials.key(), credentials.jwt(), now.minus(CLOCK_SKEW));
        if (cached != null) {
            cacheHits.increment();
            return cached;
        }
        byte[] key = Base64Url.decode(credentials.key()).filter(AppServerKeys::isValid)
                .orElseThrow(() -> WebPushRejection.vapid(VapidRule.KEY));
        SignedJWT jwt = parse(credentials.jwt());
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw WebPushRejection.vapid(VapidRule.ALGORITHM);
        }
        if (!signatureValid(jwt, key)) {
            throw WebPushRejection.vapid(VapidRule.SIGNATURE);
        }
        JWTClaimsSet set = claimSet(jwt);
        checkAudience(set.getAudience());
        Instant expiresAt = checkExpiry(set.getExpirationTime(), now);
        String subject = checkSubject(set.getSubject());
        VapidClaims claims = new VapidClaims(key, subject, expiresAt);
        cache.put(credentials.key(), credentials.jwt(), claims);
        verified.increment();
        return claims;
    }

    /** JWTs accepted after checking their signature, since start. */
    public long verifiedCount() {
        return verified.sum();
    }

    /** JWTs accepted from the cache, since start. */
    public long cachedCount() {
        return cacheHits.sum();
    }

    /** Verifications currently cached. */
    int cached() {
        return cache.size();
    }

    private static SignedJWT parse(String jwt) throws WebPushRejection {
        try {
            return SignedJWT.parse(jwt);
        } catch (ParseException | IllegalArgumentException e) {
            throw WebPushRejection.vapid(VapidRule.TOKEN);
        }
    }

    private static JWTClaimsSet claimSet(SignedJWT jwt) throws WebPushRejection {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw WebPushRejection.vapid(VapidRule.TOKEN);
        }
    }

    /** The key is an uncompressed point: 0x04 ‖ x ‖ y, 32 bytes each. */
    private static boolean signatureValid(SignedJWT jwt, byte[] key) throws WebPushRejection {
        ECKey ecKey;
        try {
            ecKey = new ECKey.Builder(Curve.P_256,
                    Base64URL.encode(Arrays.copyOfRange(key, 1, 33)),
                    Base64URL.encode(Arrays.copyOfRange(key, 33, 65))).build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // nimbus refuses coordinates that are not on the curve (an invalid-curve attack)
            throw WebPushRejection.vapid(VapidRule.KEY);
        }
        try {
            return jwt.verify(new ECDSAVerifier(ecKey));
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private void checkAudience(List<String> audiences) throws WebPushRejection {
        if (audiences == null || audiences.size() != 1 || !audience.equals(originOnly(audiences.get(0)))) {
            throw WebPushRejection.vapid(VapidRule.AUDIENCE);
        }
    }

    /** The origin {@code aud} names, or null if it is not an origin (a path, query or user is more). */
    private static String originOnly(String aud) {
        try {
            URI uri = new URI(aud);
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            return bare && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
                    ? WebPushSettings.origin(uri) : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Instant checkExpiry(Date exp, Instant now) throws WebPushRejection {
        if (exp == null) {
            throw WebPushRejection.vapid(VapidRule.EXPIRY_MISSING);
        }
        Instant expiresAt = exp.toInstant();
        if (expiresAt.isBefore(now.minus(CLOCK_SKEW))) {
            throw WebPushRejection.vapid(VapidRule.EXPIRED);
        }
        if (expiresAt.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            throw WebPushRejection.vapid(VapidRule.EXPIRY_TOO_FAR);
        }
        return expiresAt;
    }

    private static String checkSubject(String subject) throws WebPushRejection {
        if (subject == null || subject.isBlank()) {
            throw WebPushRejection.vapid(VapidRule.SUBJECT_MISSING);
        }
        String lower = subject.toLowerCase(Locale.ROOT);
        boolean mailto = lower.startsWith("mailto:") && subject.length() > "mailto:".length();
        boolean https = lower.startsWith("https:") && subject.length() > "https:".length();
        if (!mailto && !https) {
            throw WebPushRejection.vapid(VapidRule.SUBJECT_INVALID);
        }
        return subject;
    }
}
