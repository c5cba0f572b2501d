package dev.simplepush.reliability;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bodies of the ledger's Web Push POSTs: shaped as {@code aes128gcm} (RFC 8188 header with a
 * 65-byte key id, which the gateway checks) and otherwise random, with the channel's version right
 * after the header so the device can tell which POST arrived; the ledger keeps each body's SHA-256
 * and compares it with the bytes the device got.
 */
final class PushBodies {
    private static final int HEADER_BYTES = 86;
    private static final int MIN_BYTES = HEADER_BYTES + Long.BYTES;
    private static final int MAX_BYTES = 4096;

    private PushBodies() {
    }

    /** A body of random length (up to the spec's 4096) carrying {@code version}. */
    static byte[] body(long version) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] body = new byte[random.nextInt(MIN_BYTES, MAX_BYTES + 1)];
        random.nextBytes(body);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        buffer.putInt(16, 4096);
        body[20] = 65;
        body[21] = 0x04;
        buffer.putLong(HEADER_BYTES, version);
        return body;
    }

    /** The version in a body, or -1 if it is too short to be one of ours. */
    static long version(byte[] body) {
        return body.length < MIN_BYTES ? -1 : ByteBuffer.wrap(body).getLong(HEADER_BYTES);
    }

    /** A notification's {@code data} (base64url without padding) as bytes; empty for none or bad. */
    static byte[] decode(String data) {
        if (data == null) {
            return new byte[0];
        }
        try {
            return Base64.getUrlDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sameHash(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
