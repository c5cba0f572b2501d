package dev.simplepush.state;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The count of ack entries that matched no pending update (spec §7.4: ignored), one Kafka Streams
 * sensor per task: a device can send acks of versions it never got by the thousand, and they must
 * cost a counter, not an audit record or a log line each. {@link StateMetrics} publishes the sum
 * over this instance's tasks as {@link dev.simplepush.schemas.MetricName#STATE_ACK_ENTRIES_IGNORED}.
 */
final class IgnoredAcks implements AutoCloseable {
    static final String GROUP = "simplepush-state";
    static final String TOTAL = "ignored-ack-entries-total";

    private final StreamsMetrics metrics;
    private final Sensor sensor;

    private IgnoredAcks(StreamsMetrics metrics, Sensor sensor) {
        this.metrics = metrics;
        this.sensor = sensor;
    }

    static IgnoredAcks register(ProcessorContext<?, ?> context) {
        String task = context.taskId().toString();
        Sensor sensor = context.metrics().addSensor("simplepush-ignored-ack-entries-" + task,
                Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(TOTAL, GROUP, "Ack entries that matched no pending update, ignored",
                Map.of("task-id", task)), new CumulativeSum());
        return new IgnoredAcks(context.metrics(), sensor);
    }

    void add(int entries) {
        if (entries > 0) {
            sensor.record(entries);
        }
    }

    /** The sum over every task's sensor among {@code metrics}. */
    static double total(Map<MetricName, ? extends Metric> metrics) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            if (TOTAL.equals(entry.getKey().name()) && GROUP.equals(entry.getKey().group())
                    && entry.getValue().metricValue() instanceof Double value) {
                sum += value;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        metrics.removeSensor(sensor);
    }
}
