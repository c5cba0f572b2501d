package dev.simplepush.schemas.config;

import java.util.Locale;

/**
 * A token bucket's settings: {@code ratePerSecond} tokens flow in each second, up to
 * {@code burst}; each request takes one. A rate of 0 turns the limit off.
 *
 * @param ratePerSecond tokens per second (may be fractional, e.g. 0.5 is one every two seconds);
 *                      0 = no limit
 * @param burst         the bucket's size: how many requests may come at once after a quiet
 *                      spell; at least 1
 */
public record RateLimit(double ratePerSecond, int burst) {
    /** No limit. */
    public static final RateLimit OFF = new RateLimit(0, 1);

    public RateLimit {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, not " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
    }

    /**
     * Reads {@code rateKey} (requests per second, a decimal number; 0 or unset = off) and
     * {@code burstKey} (default {@code defaultBurst}).
     */
    public static RateLimit from(ConfigSource config, String rateKey, String burstKey, int defaultBurst) {
        return from(config, rateKey, 0, burstKey, defaultBurst);
    }

    /** As above, with a rate of {@code defaultRate} when {@code rateKey} is unset. */
    public static RateLimit from(ConfigSource config, String rateKey, double defaultRate, String burstKey,
            int defaultBurst) {
        String raw = config.getString(rateKey, defaultRate == Math.rint(defaultRate)
                ? Long.toString((long) defaultRate) : Double.toString(defaultRate));
        double rate;
        try {
            rate = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalConfigurationException(rateKey, "'" + raw + "' is not a number of requests per second");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalConfigurationException(rateKey, raw + " is not a rate >= 0 (0 turns the limit off)");
        }
        int burst = config.getInt(burstKey, defaultBurst, 1, Integer.MAX_VALUE);
        return new RateLimit(rate, burst);
    }

    public boolean enabled() {
        return ratePerSecond > 0;
    }

    @Override
    public String toString() {
        return enabled() ? String.format(Locale.ROOT, "%s/s, burst %d", ratePerSecond, burst) : "off";
    }
}
