package dev.simplepush.launcher.conformance;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * An application server's VAPID key pair (RFC 8292) for the conformance tests: JWTs signed with the
 * JDK (ES256 as JWS wants it, r ‖ s), with whatever claims a test needs, good or bad.
 */
final class Vapid {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair pair;

    Vapid() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key: 65 bytes, uncompressed point. */
    byte[] publicKeyBytes() {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        byte[] point = new byte[65];
        point[0] = 0x04;
        fixed(key.getW().getAffineX(), point, 1);
        fixed(key.getW().getAffineY(), point, 33);
        return point;
    }

    /** The public key, base64url without padding. */
    String publicKey() {
        return B64.encodeToString(publicKeyBytes());
    }

    /** The public key, base64url with padding, as Gecko sends a register's {@code key}. */
    String publicKeyPadded() {
        return Base64.getUrlEncoder().encodeToString(publicKeyBytes());
    }

    /** A JWT with these claims (JSON object text), signed by this key. */
    String jwt(String claimsJson) {
        String signingInput = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(pair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Good claims for {@code audience}: expiry in 12 h, a mailto subject. */
    String jwtFor(String audience) {
        return jwt(claims(audience, System.currentTimeMillis() / 1000 + 12 * 3600, "mailto:ops@example.com"));
    }

    static String claims(String audience, long exp, String sub) {
        return "{\"aud\":\"" + audience + "\",\"exp\":" + exp + (sub == null ? "" : ",\"sub\":\"" + sub + "\"") + "}";
    }

    /** {@code Authorization: vapid t=…, k=…} (RFC 8292). */
    String header(String jwt) {
        return "vapid t=" + jwt + ", k=" + publicKey();
    }

    private static void fixed(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }
}
