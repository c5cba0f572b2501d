package dev.simplepush.state;

import java.time.Duration;

/**
 * When the topology asks for an offline device to be woken (spec §11.3).
 *
 * @param enabled     true when a wake-up driver is configured ({@code wake.driver} is not
 *                    {@code none}); without one no wake request is ever written
 * @param minInterval {@code wake.min.interval}: at most one wake request per uaid within this time,
 *                    so a burst of PUTs to a sleeping device does not flood its carrier
 */
public record WakePolicy(boolean enabled, Duration minInterval) {
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
    /** No driver: nothing is ever emitted. */
    public static final WakePolicy OFF = new WakePolicy(false, DEFAULT_MIN_INTERVAL);

    public WakePolicy {
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
        }
    }

    /** Waking with the given minimum interval. */
    public static WakePolicy on(Duration minInterval) {
        return new WakePolicy(true, minInterval);
    }

    /** True if a device last woken at {@code lastWakeMillis} (0: never) may be woken at {@code nowMillis}. */
    boolean allows(long lastWakeMillis, long nowMillis) {
        return enabled && (lastWakeMillis <= 0 || nowMillis - lastWakeMillis >= minInterval.toMillis());
    }
}
