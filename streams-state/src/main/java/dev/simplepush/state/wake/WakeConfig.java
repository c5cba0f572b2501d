package dev.simplepush.state.wake;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the wake-up driver and its dispatcher in streams-state (spec §11).
 *
 * @param driver       {@code wake.driver}, default {@code none}: {@code none} (nothing is ever
 *                     emitted, and no node sends 4774), {@code http}, {@code udp}, or a fully
 *                     qualified class name implementing {@link WakeDriver}. Shared with the
 *                     delivery nodes, which close idle sockets with 4774 only when it is not
 *                     {@code none}
 * @param minInterval  {@code wake.min.interval}, default 30 s: at most one wake request per uaid
 *                     within this time
 * @param retryMax     {@code wake.retry.max}, default 3: retries of a failed call before the
 *                     request is dropped with a WARN
 * @param retryBackoff {@code wake.retry.backoff}, default 1 s: the wait before the first retry,
 *                     doubled for each next one, at most {@link #MAX_BACKOFF}
 * @param threads      {@code wake.threads}, default 8: driver calls in flight at once
 * @param http         the {@code wake.http.*} settings of the {@code http} driver
 * @param source       all settings, handed to an operator's driver class so it can read its own
 */
public record WakeConfig(String driver, Duration minInterval, int retryMax, Duration retryBackoff, int threads,
        HttpWakeSettings http, ConfigSource source) {

    public static final String DRIVER_KEY = "wake.driver";
    public static final String MIN_INTERVAL_KEY = "wake.min.interval";
    public static final String RETRY_MAX_KEY = "wake.retry.max";
    public static final String RETRY_BACKOFF_KEY = "wake.retry.backoff";
    public static final String THREADS_KEY = "wake.threads";

    public static final String NONE = "none";
    public static final String HTTP = "http";
    public static final String UDP = "udp";
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRY_MAX = 3;
    public static final int DEFAULT_THREADS = 8;

    /** No driver. */
    public static final WakeConfig OFF = new WakeConfig(NONE, DEFAULT_MIN_INTERVAL, DEFAULT_RETRY_MAX,
            DEFAULT_RETRY_BACKOFF, DEFAULT_THREADS, HttpWakeSettings.NONE, ConfigSource.of(java.util.Map.of()));

    public WakeConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(source, "source");
        if (driver == null || driver.isBlank()) {
            throw new IllegalConfigurationException(DRIVER_KEY, "must not be empty (use none)");
        }
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalConfigurationException(MIN_INTERVAL_KEY, "must not be negative");
        }
        if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalConfigurationException(RETRY_BACKOFF_KEY, "must be a positive duration");
        }
        if (retryMax < 0) {
            throw new IllegalConfigurationException(RETRY_MAX_KEY, "must not be negative");
        }
        if (threads < 1) {
            throw new IllegalConfigurationException(THREADS_KEY, "must be at least 1");
        }
        if (!isBuiltIn(driver)) {
            WakeDrivers.driverClass(driver);
        }
    }

    public static WakeConfig from(ConfigSource config) {
        String driver = driverOf(config);
        return new WakeConfig(driver,
                config.getDuration(MIN_INTERVAL_KEY, DEFAULT_MIN_INTERVAL),
                config.getInt(RETRY_MAX_KEY, DEFAULT_RETRY_MAX, 0, 100),
                config.getDuration(RETRY_BACKOFF_KEY, DEFAULT_RETRY_BACKOFF),
                config.getInt(THREADS_KEY, DEFAULT_THREADS, 1, 1_000),
                HTTP.equals(driver) ? HttpWakeSettings.from(config) : HttpWakeSettings.NONE,
                config);
    }

    /** {@code wake.driver}: the built-in names in lower case, a class name as written. */
    public static String driverOf(ConfigSource config) {
        String driver = config.getString(DRIVER_KEY, NONE).trim();
        String lower = driver.toLowerCase(Locale.ROOT);
        return isBuiltIn(lower) ? lower : driver;
    }

    private static boolean isBuiltIn(String driver) {
        return NONE.equals(driver) || HTTP.equals(driver) || UDP.equals(driver);
    }

    /** True unless the driver is {@code none}. */
    public boolean enabled() {
        return !NONE.equals(driver);
    }

    /** The wait before retry number {@code attempt} (1 for the first): doubling, at most {@link #MAX_BACKOFF}. */
    public Duration backoff(int attempt) {
        long millis = retryBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Never prints the settings' source, which holds passwords. */
    @Override
    public String toString() {
        return "WakeConfig[driver=" + driver + ", minInterval=" + minInterval + ", retryMax=" + retryMax + "]";
    }
}
