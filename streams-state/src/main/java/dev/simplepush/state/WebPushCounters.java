package dev.simplepush.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The Web Push counters of one task (spec W7.2), as Kafka Streams sensors like {@link IgnoredAcks}:
 * one per metric and tag value, made on first use. {@link StateMetrics} publishes the sums over
 * this instance's tasks under the {@link dev.simplepush.schemas.MetricName}s.
 */
final class WebPushCounters implements AutoCloseable {
    static final String GROUP = IgnoredAcks.GROUP;

    private final StreamsMetrics metrics;
    private final String task;
    private final Map<String, Sensor> sensors = new HashMap<>();

    private WebPushCounters(StreamsMetrics metrics, String task) {
        this.metrics = metrics;
        this.task = task;
    }

    static WebPushCounters register(ProcessorContext<?, ?> context) {
        return new WebPushCounters(context.metrics(), context.taskId().toString());
    }

    /** Adds {@code amount} to the metric's counter for {@code tag} (one of its tag values). */
    void add(dev.simplepush.schemas.MetricName metric, String tag, double amount) {
        String id = metric.meterName() + "/" + tag;
        Sensor sensor = sensors.computeIfAbsent(id, k -> {
            Sensor made = metrics.addSensor("simplepush-" + metric.meterName() + "-" + tag + "-" + task,
                    Sensor.RecordingLevel.INFO);
            made.add(new MetricName(metric.meterName(), GROUP, metric.description(),
                    Map.of("task-id", task, metric.tagKey(), tag)), new CumulativeSum());
            return made;
        });
        sensor.record(amount);
    }

    void increment(dev.simplepush.schemas.MetricName metric, String tag) {
        add(metric, tag, 1);
    }

    /** The tag value of a code among the metric's values, or {@code other}. */
    static String codeTag(dev.simplepush.schemas.MetricName metric, int code) {
        String tag = Integer.toString(code);
        return metric.tagValues().contains(tag) ? tag : "other";
    }

    /** The sum over every task's counter of {@code metric} and {@code tag} among {@code all}. */
    static double total(Map<MetricName, ? extends Metric> all, dev.simplepush.schemas.MetricName metric, String tag) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : all.entrySet()) {
            MetricName name = entry.getKey();
            if (metric.meterName().equals(name.name()) && GROUP.equals(name.group())
                    && tag.equals(name.tags().get(metric.tagKey()))
                    && entry.getValue().metricValue() instanceof Double value) {
                sum += value;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        List<Sensor> all = new ArrayList<>(sensors.values());
        sensors.clear();
        all.forEach(metrics::removeSensor);
    }
}
