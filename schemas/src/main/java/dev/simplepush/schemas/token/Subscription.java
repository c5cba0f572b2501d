package dev.simplepush.schemas.token;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What an endpoint token says: the channel, and for a restricted subscription (spec W2.1, W5.3)
 * the SHA-256 of the application server key that alone may send to it.
 *
 * @param address the channel of one device
 * @param keyHash SHA-256 of the key, or null for an unrestricted subscription
 */
public record Subscription(EndpointAddress address, byte[] keyHash) {

    public Subscription {
        Objects.requireNonNull(address, "address");
        if (keyHash != null) {
            if (keyHash.length != AppServerKeys.HASH_BYTES) {
                throw new IllegalArgumentException("a key hash has " + AppServerKeys.HASH_BYTES + " bytes");
            }
            keyHash = keyHash.clone();
        }
    }

    public static Subscription unrestricted(EndpointAddress address) {
        return new Subscription(address, null);
    }

    public boolean restricted() {
        return keyHash != null;
    }

    @Override
    public byte[] keyHash() {
        return keyHash == null ? null : keyHash.clone();
    }

    /** Whether {@code key} (the VAPID {@code k}, decoded) is the one this subscription is bound to. */
    public boolean boundTo(byte[] key) {
        return keyHash != null && MessageDigest.isEqual(keyHash, AppServerKeys.sha256(key));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Subscription that && address.equals(that.address) && Arrays.equals(keyHash, that.keyHash);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + Arrays.hashCode(keyHash);
    }

    /** The hash is not secret, but a short prefix is enough to tell keys apart in a log. */
    @Override
    public String toString() {
        return "Subscription[" + address + (keyHash == null ? ", unrestricted]"
                : ", key " + Base64Url.encode(Arrays.copyOf(keyHash, 6)) + "…]");
    }
}
