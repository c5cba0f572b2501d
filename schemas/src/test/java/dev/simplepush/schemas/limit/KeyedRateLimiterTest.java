package dev.simplepush.schemas.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.RateLimit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private KeyedRateLimiter limiter(double rate, int burst) {
        return new KeyedRateLimiter(new RateLimit(rate, burst), now::get);
    }

    @Test
    void aBurstGoesThroughThenTheNextRequestMustWaitForOneToken() {
        KeyedRateLimiter limiter = limiter(2, 3);

        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void tokensFlowBackAtTheRate() {
        KeyedRateLimiter limiter = limiter(2, 1);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(499));
        assertThat(limiter.tryAcquire("a")).isPositive();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(limiter.tryAcquire("a")).isZero();
    }

    @Test
    void aQuietSpellRefillsNoMoreThanTheBurst() {
        KeyedRateLimiter limiter = limiter(10, 2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));

        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        KeyedRateLimiter limiter = limiter(1, 1);

        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isZero();
    }

    @Test
    void fractionalRatesWork() {
        KeyedRateLimiter limiter = limiter(0.5, 1);
        limiter.tryAcquire("a");

        assertThat(limiter.tryAcquire("a")).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(KeyedRateLimiter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(2))).isEqualTo(2);
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
        assertThat(KeyedRateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(KeyedRateLimiter.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(1500))).isEqualTo(2);
    }

    @Test
    void bucketsThatRefilledAreForgottenSoManyKeysDoNotPileUp() {
        KeyedRateLimiter limiter = limiter(100, 1);
        for (int i = 0; i < 5_000; i++) {
            limiter.tryAcquire("k" + i);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }

        // Each bucket refills within 10 ms, so only the last few keys can still be tracked.
        assertThat(limiter.trackedKeys()).isLessThan(2_100);
    }

    @Test
    void anOffLimitHasNoLimiter() {
        assertThatThrownBy(() -> new KeyedRateLimiter(RateLimit.OFF)).isInstanceOf(IllegalArgumentException.class);
    }
}
