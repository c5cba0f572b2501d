package dev.simplepush.schemas;

import java.security.SecureRandom;

/** Uaid and channel id rules of spec §0 and §3.2. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /** 32 hex digits, or 36 characters with dashes at 8, 13, 18 and 23; case-insensitive. */
    public static boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        int length = id.length();
        if (length == 32) {
            for (int i = 0; i < 32; i++) {
                if (!isHex(id.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        if (length == 36) {
            for (int i = 0; i < 36; i++) {
                char c = id.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : !isHex(c)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A new uaid: 32 lower-case hex characters with the UUIDv4 version and variant bits set. */
    public static String newUaid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0x0f];
            out[2 * i + 1] = HEX[bytes[i] & 0x0f];
        }
        return new String(out);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
