package dev.simplepush.testing.webpush;

import dev.simplepush.schemas.token.Base64Url;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * What a user agent holds for one Web Push subscription (RFC 8291 §2): a P-256 key pair, whose
 * public half an application server gets as {@code p256dh}, and a 16-byte authentication secret,
 * its {@code auth}. Only the holder can read a message encrypted to these.
 */
public final class PushKeys {
    public static final int AUTH_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] publicKey;
    private final PrivateKey privateKey;
    private final byte[] privateScalar;
    private final byte[] auth;

    private PushKeys(byte[] publicKey, byte[] privateScalar, byte[] auth) throws GeneralSecurityException {
        if (auth.length != AUTH_BYTES) {
            throw new GeneralSecurityException("an auth secret is " + AUTH_BYTES + " bytes, not " + auth.length);
        }
        P256.publicKey(publicKey);
        this.publicKey = publicKey.clone();
        this.privateScalar = privateScalar.clone();
        this.privateKey = P256.privateKey(privateScalar);
        this.auth = auth.clone();
    }

    /** A fresh key pair and auth secret, as a browser makes on subscribe. */
    public static PushKeys generate() {
        KeyPair pair = P256.generate();
        byte[] auth = new byte[AUTH_BYTES];
        RANDOM.nextBytes(auth);
        try {
            return new PushKeys(P256.encode(pair.getPublic()), P256.encode(pair.getPrivate()), auth);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a generated P-256 key pair did not read back", e);
        }
    }

    /**
     * Known keys, e.g. a published test vector.
     *
     * @param publicKey     the uncompressed point, 65 bytes
     * @param privateScalar the private key, 32 bytes
     * @param auth          the authentication secret, 16 bytes
     */
    public static PushKeys of(byte[] publicKey, byte[] privateScalar, byte[] auth) throws GeneralSecurityException {
        return new PushKeys(publicKey, privateScalar, auth);
    }

    /** {@link #of(byte[], byte[], byte[])} from base64url text. */
    public static PushKeys of(String publicKey, String privateScalar, String auth) throws GeneralSecurityException {
        return of(decode(publicKey, "public key"), decode(privateScalar, "private key"), decode(auth, "auth secret"));
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] auth() {
        return auth.clone();
    }

    /** The private scalar, 32 bytes: only for handing these keys to another test tool. */
    public byte[] privateScalar() {
        return privateScalar.clone();
    }

    /** The subscription's {@code keys.p256dh}, base64url. */
    public String p256dh() {
        return Base64Url.encode(publicKey);
    }

    /** The subscription's {@code keys.auth}, base64url. */
    public String authText() {
        return Base64Url.encode(auth);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    static byte[] decode(String text, String what) throws GeneralSecurityException {
        return Base64Url.decode(text).orElseThrow(() -> new GeneralSecurityException("the " + what + " is not base64url: " + text));
    }

    @Override
    public String toString() {
        return "PushKeys[p256dh=" + p256dh() + "]";
    }
}
