package dev.simplepush.node.connection;

import dev.simplepush.schemas.config.RateLimit;

/**
 * One connection's token bucket of messages ({@code node.message.rate}, {@code node.message.burst}):
 * full at the start, refilled at the rate up to the burst. A message takes one token, plus one per
 * {@value #CHARS_PER_TOKEN} characters, so the budget bounds the parsing a socket can ask for and
 * not only its message count: a burst of the largest messages would otherwise cost a gigabyte of
 * JSON. Touched only by its connection's serial executor.
 */
final class MessageBudget {
    /** A real device's messages are far smaller; each takes one token. */
    static final int CHARS_PER_TOKEN = 16 * 1024;

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

    /** The tokens a message of {@code chars} characters takes. */
    static int cost(int chars) {
        return 1 + chars / CHARS_PER_TOKEN;
    }

    /** Takes {@code cost} tokens; false if there are not that many. */
    boolean take(long nowMillis, int cost) {
        if (nowMillis > refilledAt) {
            tokens = Math.min(burst, tokens + (nowMillis - refilledAt) * perMilli);
            refilledAt = nowMillis;
        }
        if (tokens < cost) {
            return false;
        }
        tokens -= cost;
        return true;
    }
}
