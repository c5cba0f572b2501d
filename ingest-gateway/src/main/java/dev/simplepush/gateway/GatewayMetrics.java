package dev.simplepush.gateway;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters: {@link MetricName#GATEWAY_PUTS} by status and
 * {@link MetricName#GATEWAY_PUT_LATENCY}. A counter per listed status is built up front and found
 * by array index, so counting an answer allocates nothing.
 */
final class GatewayMetrics implements AutoCloseable {
    private static final int STATUS_LIMIT = 600;

    private final MeterRegistry registry;
    private final Counter[] putsByStatus = new Counter[STATUS_LIMIT];
    private final Timer putLatency;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String status : MetricName.GATEWAY_PUTS.tagValues()) {
            putsByStatus[Integer.parseInt(status)] = putsCounter(status);
        }
        this.putLatency = Timer.builder(MetricName.GATEWAY_PUT_LATENCY.meterName())
                .description(MetricName.GATEWAY_PUT_LATENCY.description())
                .publishPercentileHistogram()
                .register(registry);
    }

    /** One request answered with {@code status}. */
    void answered(int status) {
        Counter counter = status >= 0 && status < STATUS_LIMIT ? putsByStatus[status] : null;
        // A status we never send ourselves (Undertow's own 500, say) still gets counted.
        (counter != null ? counter : putsCounter(Integer.toString(status))).increment();
    }

    /** One PUT answered {@code nanos} after it arrived. */
    void putAnswered(long nanos) {
        putLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter putsCounter(String status) {
        return Counter.builder(MetricName.GATEWAY_PUTS.meterName())
                .description(MetricName.GATEWAY_PUTS.description())
                .tag(MetricName.GATEWAY_PUTS.tagKey(), status)
                .register(registry);
    }

    /** Removes this gateway's meters from the registry. */
    @Override
    public void close() {
        registry.find(MetricName.GATEWAY_PUTS.meterName()).meters().forEach(registry::remove);
        registry.remove(putLatency);
    }
}
