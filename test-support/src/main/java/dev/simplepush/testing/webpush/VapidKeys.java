package dev.simplepush.testing.webpush;

import dev.simplepush.schemas.token.Base64Url;
import java.security.KeyPair;

/**
 * An application server's VAPID key pair (RFC 8292 §3.2) in the base64url forms every Web Push
 * library reads: the public key (the 65-byte point, also the {@code applicationServerKey} a
 * subscription is restricted to) and the 32-byte private scalar.
 *
 * @param publicKey  base64url of the uncompressed point
 * @param privateKey base64url of the private scalar
 */
public record VapidKeys(String publicKey, String privateKey) {
    public static VapidKeys generate() {
        KeyPair pair = P256.generate();
        return new VapidKeys(Base64Url.encode(P256.encode(pair.getPublic())), Base64Url.encode(P256.encode(pair.getPrivate())));
    }

    /** The public key's bytes: what a subscribe call passes as {@code applicationServerKey}. */
    public byte[] publicKeyBytes() {
        return Base64Url.decode(publicKey).orElseThrow();
    }

    @Override
    public String toString() {
        // The private key stays out of test logs and assertion messages.
        return "VapidKeys[publicKey=" + publicKey + "]";
    }
}
