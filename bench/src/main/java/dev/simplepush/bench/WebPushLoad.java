package dev.simplepush.bench;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The app server's side of a Web Push run ({@code --webpush}): one VAPID key pair per bench
 * process, every device's subscription restricted to it, one JWT per gateway origin reused for
 * the whole run (as Web Push libraries reuse theirs for hours, so the gateway's VAPID cache is
 * exercised as in production), and bodies shaped as {@code aes128gcm} (RFC 8188 header with a
 * 65-byte key id) whose content is random but for the version the run tracks at a fixed offset.
 * The server never decrypts, so random bytes cost it what a real message costs.
 */
final class WebPushLoad {
    /** salt (16) + rs (4) + idlen (1) + keyid (65): the smallest body the gateway takes. */
    static final int HEADER_BYTES = 86;
    /** The version follows the header. */
    static final int MIN_BODY_BYTES = HEADER_BYTES + Long.BYTES;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final long JWT_LIFETIME_SECONDS = 12 * 3600;

    private final KeyPair vapid;
    private final String publicKey;
    private final int bodyBytes;
    private final byte[] template;
    private final Map<String, String> authorizationByOrigin = new ConcurrentHashMap<>();

    WebPushLoad(int bodyBytes) {
        this.bodyBytes = bodyBytes;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.vapid = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 on this JVM", e);
        }
        this.publicKey = B64.encodeToString(uncompressed((ECPublicKey) vapid.getPublic()));
        this.template = new byte[bodyBytes];
        ThreadLocalRandom.current().nextBytes(template);
        ByteBuffer header = ByteBuffer.wrap(template);
        header.position(16);
        header.putInt(4096);
        header.put((byte) 65);
        header.put((byte) 0x04);
    }

    /** The VAPID public key a device registers its channel with ({@code key}, spec W2.1). */
    String publicKey() {
        return publicKey;
    }

    /** The headers of a POST to {@code endpoint}, each line ending in CRLF. */
    String headerLines(URI endpoint) {
        return "TTL: 3600\r\nContent-Encoding: aes128gcm\r\nContent-Type: application/octet-stream\r\n"
                + "Authorization: " + authorization(endpoint) + "\r\n";
    }

    /** A body carrying {@code version} right after its aes128gcm header. */
    byte[] body(long version) {
        byte[] body = template.clone();
        ByteBuffer.wrap(body).putLong(HEADER_BYTES, version);
        return body;
    }

    /** The version in a notification's {@code data} (base64url of a body made here), or -1. */
    static long version(String data) {
        if (data == null || data.isEmpty()) {
            return -1;
        }
        // Only the first bytes are needed: decode just the base64 quad-groups that cover them.
        int chars = ((MIN_BODY_BYTES + 2) / 3) * 4;
        if (data.length() < chars) {
            return -1;
        }
        byte[] head = B64_DECODE.decode(data.substring(0, chars));
        return head.length < MIN_BODY_BYTES ? -1 : ByteBuffer.wrap(head).getLong(HEADER_BYTES);
    }

    int bodyBytes() {
        return bodyBytes;
    }

    private String authorization(URI endpoint) {
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        return authorizationByOrigin.computeIfAbsent(origin, this::sign);
    }

    private String sign(String audience) {
        String header = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + JWT_LIFETIME_SECONDS;
        String claims = B64.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + exp
                + ",\"sub\":\"mailto:bench@localhost\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            // JWS ES256 wants r || s (IEEE P1363), not DER.
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(vapid.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + B64.encodeToString(signature.sign()) + ", k=" + publicKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a VAPID JWT", e);
        }
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 0x04;
        copyFixed(key.getW().getAffineX(), point, 1);
        copyFixed(key.getW().getAffineY(), point, 33);
        return point;
    }

    private static void copyFixed(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }
}
