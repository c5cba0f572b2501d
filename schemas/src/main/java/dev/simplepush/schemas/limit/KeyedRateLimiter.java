package dev.simplepush.schemas.limit;

import dev.simplepush.schemas.config.RateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a remote address, an endpoint): {@link #tryAcquire} takes a token
 * from the key's bucket or says how long until one is there.
 *
 * <p>Memory stays bounded by the keys active within one refill time: a bucket that has refilled
 * completely is the same as a new one, so sweeps drop those. A sweep runs when the map has
 * doubled since the last one, which keeps its cost amortised constant per call.
 */
public final class KeyedRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MIN_SWEEP_SIZE = 1024;

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final double nanosPerToken;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int sweepAt = MIN_SWEEP_SIZE;

    public KeyedRateLimiter(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds (tests pass their own) */
    public KeyedRateLimiter(RateLimit limit, LongSupplier nanoTime) {
        if (!limit.enabled()) {
            throw new IllegalArgumentException("the limit is off; use no limiter");
        }
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.nanosPerToken = NANOS_PER_SECOND / limit.ratePerSecond();
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return 0 if the request may go ahead, else the nanoseconds until the bucket holds a token
     *         again (for {@code Retry-After})
     */
    public long tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now));
        long wait = bucket.take(now, nanosPerToken, limit.burst());
        if (buckets.size() >= sweepAt) {
            sweep(now);
        }
        return wait;
    }

    /** {@link #tryAcquire}'s wait as whole seconds for {@code Retry-After}: at least 1. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /** Keys with a bucket now (for tests and gauges). */
    public int trackedKeys() {
        return buckets.size();
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.values().removeIf(bucket -> bucket.isFull(now, nanosPerToken, limit.burst()));
            sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * buckets.size());
        } finally {
            sweeping.set(false);
        }
    }

    /** Tokens as of {@code updated}; refilled lazily on each use. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.updated = now;
        }

        synchronized long take(long now, double nanosPerToken, int burst) {
            refill(now, nanosPerToken, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken));
        }

        synchronized boolean isFull(long now, double nanosPerToken, int burst) {
            refill(now, nanosPerToken, burst);
            return tokens >= burst;
        }

        private void refill(long now, double nanosPerToken, int burst) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) / nanosPerToken);
                updated = now;
            }
        }
    }
}
