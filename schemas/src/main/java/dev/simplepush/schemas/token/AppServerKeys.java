package dev.simplepush.schemas.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The application server keys of Web Push (spec W2.1, RFC 8292 §3.2): a P-256 public key as an
 * uncompressed point, 65 bytes starting with 0x04, written in base64url.
 */
public final class AppServerKeys {
    public static final int KEY_BYTES = 65;
    public static final int HASH_BYTES = 32;
    private static final byte UNCOMPRESSED = 0x04;

    private AppServerKeys() {
    }

    /** The key's bytes, or empty when {@code text} is not a valid key (register answers 400). */
    public static Optional<byte[]> parse(String text) {
        return Base64Url.decode(text).filter(AppServerKeys::isValid);
    }

    public static boolean isValid(byte[] key) {
        return key != null && key.length == KEY_BYTES && key[0] == UNCOMPRESSED;
    }

    /** What a restricted endpoint token carries instead of the key (spec W4.1). */
    public static byte[] sha256(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
