package dev.simplepush.state.wake;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link MetricName#WAKE_REQUESTS} and {@link MetricName#WAKE_CALLS}, one counter per outcome
 * built up front.
 */
final class WakeMetrics implements AutoCloseable {
    /** The outcomes counted under {@link MetricName#WAKE_CALLS}. */
    enum Outcome {
        WOKEN, FAILED, DROPPED, UNROUTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter requests;
    private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
    private final List<Counter> all = new ArrayList<>();

    WakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Counter.builder(MetricName.WAKE_REQUESTS.meterName())
                .description(MetricName.WAKE_REQUESTS.description()).register(registry);
        all.add(requests);
        for (Outcome outcome : Outcome.values()) {
            Counter counter = Counter.builder(MetricName.WAKE_CALLS.meterName())
                    .tag(MetricName.WAKE_CALLS.tagKey(), outcome.tag())
                    .description(MetricName.WAKE_CALLS.description()).register(registry);
            calls.put(outcome, counter);
            all.add(counter);
        }
    }

    void request() {
        requests.increment();
    }

    void call(Outcome outcome) {
        calls.get(outcome).increment();
    }

    double count(Outcome outcome) {
        return calls.get(outcome).count();
    }

    double requests() {
        return requests.count();
    }

    @Override
    public void close() {
        all.forEach(registry::remove);
    }
}
