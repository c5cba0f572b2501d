package dev.simplepush.state.poison;

import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.audit.AuditEvent.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link MetricName#STATE_SET_ASIDE}, one counter per failure. Kafka Streams creates the exception
 * handlers itself, so the service hands this to them through the Streams configuration
 * ({@link SetAsideHandlers#COUNTER_CONFIG}).
 */
public final class SetAsideCounter implements AutoCloseable {
    /** Counts nothing: for handlers configured without a registry (tests). */
    static final SetAsideCounter NONE = new SetAsideCounter(null);

    private final MeterRegistry registry;
    private final Map<Failure, Counter> counters = new EnumMap<>(Failure.class);

    public SetAsideCounter(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            for (Failure failure : Failure.values()) {
                String tag = failure.name().toLowerCase(Locale.ROOT);
                counters.put(failure, Counter.builder(MetricName.STATE_SET_ASIDE.meterName())
                        .description(MetricName.STATE_SET_ASIDE.description())
                        .tag(MetricName.STATE_SET_ASIDE.tagKey(), tag)
                        .register(registry));
            }
        }
    }

    void increment(Failure failure) {
        Counter counter = counters.get(failure);
        if (counter != null) {
            counter.increment();
        }
    }

    /** How many records were set aside for this failure (0 without a registry). */
    public double count(Failure failure) {
        Counter counter = counters.get(failure);
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        if (registry != null) {
            counters.values().forEach(registry::remove);
        }
    }
}
