package dev.simplepush.gateway.webpush;

import java.time.Instant;
import java.util.Objects;

/**
 * A VAPID JWT that passed every rule of spec W5.2.
 *
 * @param publicKey the application server key it verified under, 65 bytes
 * @param subject   {@code sub}: the sender's contact, worth recording in the audit trail
 * @param expiresAt {@code exp}
 */
public record VapidClaims(byte[] publicKey, String subject, Instant expiresAt) {

    public VapidClaims {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VapidClaims that && java.util.Arrays.equals(publicKey, that.publicKey)
                && subject.equals(that.subject) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(publicKey), subject, expiresAt);
    }

    @Override
    public String toString() {
        return "VapidClaims[subject=" + subject + ", expiresAt=" + expiresAt + "]";
    }
}
