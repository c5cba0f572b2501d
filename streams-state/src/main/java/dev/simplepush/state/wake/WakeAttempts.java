package dev.simplepush.state.wake;

import dev.simplepush.schemas.WakeRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wake request's driver call and its retries: a failure is retried after a doubling backoff
 * up to {@code wake.retry.max} times, then dropped with a WARN. Every outcome is counted.
 */
final class WakeAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(WakeAttempts.class);

    private final WakeConfig config;
    private final WakeDriver driver;
    private final WakeMetrics metrics;
    private final BooleanSupplier running;

    WakeAttempts(WakeConfig config, WakeDriver driver, WakeMetrics metrics, BooleanSupplier running) {
        this.config = config;
        this.driver = driver;
        this.metrics = metrics;
        this.running = running;
    }

    /** Calls the driver until it succeeds, refuses, or the retries are spent; returns the last result. */
    WakeResult dispatch(WakeRequest request) {
        for (int attempt = 0; ; attempt++) {
            WakeResult result;
            try {
                result = driver.wake(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WakeResult.FAILED;
            } catch (Exception e) {
                LOG.debug("waking {} failed: {}", request.uaid(), e.toString());
                result = null;
            }
            if (result == null) {
                result = WakeResult.FAILED;
            }
            switch (result) {
                case WOKEN -> metrics.call(WakeMetrics.Outcome.WOKEN);
                case UNROUTED -> metrics.call(WakeMetrics.Outcome.UNROUTED);
                case REJECTED -> {
                    metrics.call(WakeMetrics.Outcome.DROPPED);
                    LOG.warn("wake-up of {} refused (driver {}): dropped; the update stays stored", request.uaid(),
                            config.driver());
                }
                case FAILED -> {
                    metrics.call(WakeMetrics.Outcome.FAILED);
                    if (attempt >= config.retryMax()) {
                        metrics.call(WakeMetrics.Outcome.DROPPED);
                        LOG.warn("wake-up of {} failed {} times (driver {}): dropped; the update stays stored",
                                request.uaid(), attempt + 1, config.driver());
                        return result;
                    }
                    if (pause(config.backoff(attempt + 1))) {
                        continue;
                    }
                }
            }
            return result;
        }
    }

    private boolean pause(Duration backoff) {
        try {
            // A retry's backoff, not synchronisation: nothing else is awaited here.
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
            return running.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
