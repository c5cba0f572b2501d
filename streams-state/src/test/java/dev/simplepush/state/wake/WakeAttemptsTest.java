package dev.simplepush.state.wake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.ConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries, backoff bound and counting, with a driver that answers from a script. */
class WakeAttemptsTest {
    private static final WakeRequest REQUEST = new WakeRequest("0123456789abcdef0123456789abcdef",
            new WakeData("10.0.0.1", 2442, "214", "07", null), 3, 1, WakeRequest.Reason.STORED, 1L);

    private final WakeMetrics metrics = new WakeMetrics(new SimpleMeterRegistry());

    /** Answers each call with the next scripted result; an exception is thrown. */
    private static final class ScriptedDriver implements WakeDriver {
        final Deque<Object> script;
        int calls;

        ScriptedDriver(Object... answers) {
            this.script = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public WakeResult wake(WakeRequest request) throws Exception {
            calls++;
            Object next = script.isEmpty() ? WakeResult.FAILED : script.poll();
            if (next instanceof Exception e) {
                throw e;
            }
            return (WakeResult) next;
        }
    }

    private WakeAttempts attempts(ScriptedDriver driver, int retryMax) {
        WakeConfig config = WakeConfig.from(ConfigSource.of(Map.of("wake.driver", "udp",
                "wake.retry.max", Integer.toString(retryMax), "wake.retry.backoff", "1ms")));
        return new WakeAttempts(config, driver, metrics, () -> true);
    }

    @Test
    void aFailureIsRetriedUntilTheDriverSucceeds() {
        ScriptedDriver driver = new ScriptedDriver(new IOException("timeout"), WakeResult.FAILED, WakeResult.WOKEN);

        assertThat(attempts(driver, 3).dispatch(REQUEST)).isEqualTo(WakeResult.WOKEN);

        assertThat(driver.calls).isEqualTo(3);
        assertThat(metrics.count(WakeMetrics.Outcome.FAILED)).isEqualTo(2);
        assertThat(metrics.count(WakeMetrics.Outcome.WOKEN)).isEqualTo(1);
    }

    @Test
    void afterTheLastRetryTheRequestIsDropped() {
        ScriptedDriver driver = new ScriptedDriver();

        assertThat(attempts(driver, 2).dispatch(REQUEST)).isEqualTo(WakeResult.FAILED);

        assertThat(driver.calls).isEqualTo(3);
        assertThat(metrics.count(WakeMetrics.Outcome.FAILED)).isEqualTo(3);
        assertThat(metrics.count(WakeMetrics.Outcome.DROPPED)).isEqualTo(1);
    }

    @Test
    void aRefusalOrANetworkWithoutRouteIsNotRetried() {
        ScriptedDriver refusing = new ScriptedDriver(WakeResult.REJECTED);
        ScriptedDriver unrouted = new ScriptedDriver(WakeResult.UNROUTED);

        attempts(refusing, 3).dispatch(REQUEST);
        attempts(unrouted, 3).dispatch(REQUEST);

        assertThat(refusing.calls).isEqualTo(1);
        assertThat(unrouted.calls).isEqualTo(1);
        assertThat(metrics.count(WakeMetrics.Outcome.DROPPED)).isEqualTo(1);
        assertThat(metrics.count(WakeMetrics.Outcome.UNROUTED)).isEqualTo(1);
    }

    @Test
    void theBackoffDoublesAndIsBounded() {
        WakeConfig config = WakeConfig.from(ConfigSource.of(Map.of("wake.retry.backoff", "1s")));

        assertThat(config.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.backoff(40)).isEqualTo(WakeConfig.MAX_BACKOFF);
    }
}
