package dev.simplepush.testing.webpush;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with SHA-256 (RFC 5869), only as far as Web Push needs it: outputs of at most 32 bytes. */
final class Hkdf {
    private Hkdf() {
    }

    static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return hmac(salt, ikm);
    }

    /** HKDF-Expand for one block: {@code length} ≤ 32. */
    static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        if (length > 32) {
            throw new IllegalArgumentException("one HKDF block gives at most 32 bytes, not " + length);
        }
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        return expand(extract(salt, ikm), info, length);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
