package dev.simplepush.schemas.token;

import java.util.Base64;
import java.util.Optional;

/**
 * base64url (RFC 4648 §5) as push protocols use it: written without padding, read with or without
 * it, and read only in its canonical form. A decoder that ignored the unused low bits of the last
 * character would accept several spellings of one value, so a cache or a comparison keyed by the
 * text would see two different values where there is one.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes {@code text} spells, or empty if it is not canonical base64url (padding optional). */
    public static Optional<byte[]> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String unpadded = stripPadding(text);
        if (unpadded == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(unpadded);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Re-encoding gives the canonical spelling; anything else set bits the value does not have.
        return ENCODER.encodeToString(bytes).equals(unpadded) ? Optional.of(bytes) : Optional.empty();
    }

    /** {@code text} without its padding, or null if the padding is not what its length needs. */
    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        int padding = text.length() - end;
        if (padding == 0) {
            return text;
        }
        return padding == (4 - end % 4) % 4 ? text.substring(0, end) : null;
    }
}
