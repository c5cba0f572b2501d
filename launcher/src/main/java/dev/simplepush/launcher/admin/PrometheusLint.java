package dev.simplepush.launcher.admin;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;
import java.util.Set;

/**
 * Keeps the exposition clean under {@code promtool check metrics}, which CI runs on a scrape.
 * Our own meters follow Prometheus's conventions by construction ({@code MetricName}); this filter
 * mends the ones that come from elsewhere, mostly Kafka's client and Streams metrics as
 * Micrometer's binders pass them through:
 *
 * <ul>
 *   <li>a meter whose name carries an abbreviated unit ({@code kafka.producer.io.time.ns.total},
 *       {@code kafka.app.info.start.time.ms}) or base unit ({@code process.cpu.time} in {@code ns}) is dropped: Prometheus wants base units (seconds)
 *       spelled out, and a filter can rename a meter but not rescale it. The same facts remain
 *       as ratios ({@code *_io_ratio}, {@code *_io_wait_ratio}) and latencies;</li>
 *   <li>a gauge named {@code *.count}, which Prometheus reserves for histograms and summaries, is
 *       renamed: {@code *.connection.count} to {@code *.connections}, {@code system.cpu.count} to
 *       {@code system.cpus}, any other {@code x.count} to {@code x.number};</li>
 *   <li>a meter without a description gets one, since every metric needs help text.</li>
 * </ul>
 */
public final class PrometheusLint implements MeterFilter {
    /** Abbreviations promtool rejects as name tokens (its {@code UnitAbbreviations} check). */
    static final Set<String> ABBREVIATED_UNITS =
            Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        // The Prometheus name carries the base unit too: process.cpu.time in "ns" is process_cpu_time_ns_total.
        String unit = id.getBaseUnit() == null ? "" : id.getBaseUnit();
        boolean abbreviated = Arrays.stream((id.getName() + "." + unit).split("[._-]"))
                .anyMatch(ABBREVIATED_UNITS::contains);
        return abbreviated ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = renamed(id.getName(), id.getType());
        String description = id.getDescription();
        if (description == null || description.isBlank()) {
            description = name + " (no description from its source)";
        }
        if (name.equals(id.getName()) && description.equals(id.getDescription())) {
            return id;
        }
        return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                description, id.getType());
    }

    static String renamed(String name, Meter.Type type) {
        if (!name.endsWith(".count") || type == Meter.Type.COUNTER || type == Meter.Type.DISTRIBUTION_SUMMARY
                || type == Meter.Type.TIMER || type == Meter.Type.LONG_TASK_TIMER) {
            return name;
        }
        if (name.endsWith(".connection.count")) {
            return name.substring(0, name.length() - ".connection.count".length()) + ".connections";
        }
        if (name.equals("system.cpu.count")) {
            return "system.cpus";
        }
        return name.substring(0, name.length() - ".count".length()) + ".number";
    }
}
