package dev.simplepush.node.connection;

import dev.simplepush.schemas.config.RateLimit;

/**
 * One connection's token bucket of messages ({@code node.message.rate}, {@code node.message.burst}):
 * full at the start, refilled at the rate up to the burst, one token per message. Touched only by
 * its connection's serial executor.
 */
final class MessageBudget {
    private final double perMilli;
    private final int burst;
    private double tokens;
    private long refilledAt;

    MessageBudget(RateLimit limit, long nowMillis) {
        this.perMilli = limit.ratePerSecond() / 1000.0;
        this.burst = limit.burst();
        this.tokens = burst;
        this.refilledAt = nowMillis;
    }

    /** Takes one token; false if there is none. */
    boolean take(long nowMillis) {
        if (nowMillis > refilledAt) {
            tokens = Math.min(burst, tokens + (nowMillis - refilledAt) * perMilli);
            refilledAt = nowMillis;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
