package dev.simplepush.gateway.webpush;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Successful VAPID verifications by the exact (key, JWT) text presented, kept until the JWT's
 * {@code exp} (plus the allowed skew) and at most {@code capacity} of them, least recently used
 * first out. A sender that reuses its JWT, as libraries do for its lifetime, pays the ECDSA
 * verification once. Only successes are kept: a failure costs the sender as much as it costs us.
 *
 * <p>Thread-safe; the lock is held for a map operation only, never during a verification.
 */
final class VapidCache {
    private final int capacity;
    private final Map<Presented, VapidClaims> entries;

    VapidCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Presented, VapidClaims> eldest) {
                return size() > VapidCache.this.capacity;
            }
        };
    }

    /** The claims verified for this key and JWT, unless they expired before {@code expiredBefore}. */
    VapidClaims get(String key, String jwt, Instant expiredBefore) {
        if (capacity == 0) {
            return null;
        }
        Presented id = new Presented(key, jwt);
        synchronized (entries) {
            VapidClaims claims = entries.get(id);
            if (claims != null && claims.expiresAt().isBefore(expiredBefore)) {
                entries.remove(id);
                return null;
            }
            return claims;
        }
    }

    void put(String key, String jwt, VapidClaims claims) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(new Presented(key, jwt), claims);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * The two texts as presented, kept apart: joined into one string, a key and JWT that were
     * never verified together could spell the same entry as two that were.
     */
    private record Presented(String key, String jwt) {
    }
}
