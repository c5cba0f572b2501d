package dev.simplepush.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * PUT-to-notification latency in 10-second windows laid from the start of the measured phase
 * (windows before it are the warm-up, with negative offsets), so a stall in a freshly started
 * server shows in the summary without a profiler.
 */
final class Timeline {
    static final int WINDOW_SECONDS = 10;

    private Timeline() {
    }

    /**
     * One entry per window that had deliveries, in time order: {@code t} (seconds from the measured
     * phase's start to the window's start), {@code phase}, {@code from} (the window's wall-clock
     * start), {@code count}, {@code p50}, {@code p99}, {@code max} (milliseconds).
     */
    static List<Map<String, Object>> of(Part part) {
        Map<Long, Histogram> seconds = part.putToFrameSeconds();
        if (seconds.isEmpty()) {
            return List.of();
        }
        long anchor = part.measuredFromMillis() > 0 ? part.measuredFromMillis() / 1000 : seconds.keySet().iterator().next();
        Map<Long, Histogram> windows = new TreeMap<>();
        seconds.forEach((second, h) -> windows.computeIfAbsent(Math.floorDiv(second - anchor, WINDOW_SECONDS),
                w -> new Histogram(Recorder.MAX_MICROS, 3)).add(h));
        List<Map<String, Object>> out = new ArrayList<>();
        windows.forEach((window, h) -> {
            long offset = window * WINDOW_SECONDS;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("t", offset);
            entry.put("phase", offset < 0 ? "warmup" : "measured");
            entry.put("from", Instant.ofEpochSecond(anchor + offset).toString());
            entry.put("count", h.getTotalCount());
            entry.put("p50", Report.millis(h.getValueAtPercentile(50)));
            entry.put("p99", Report.millis(h.getValueAtPercentile(99)));
            entry.put("max", Report.millis(h.getMaxValue()));
            out.add(entry);
        });
        return out;
    }

    /**
     * Adds {@code serverCpuMillisPerUpdate} to each measured window whose two edges were sampled:
     * the watched servers' CPU over the window divided by the window's deliveries. A fresh server
     * is still compiling for minutes, so the run's average hides what a warm one costs.
     *
     * @param cpuEdges the servers' total CPU milliseconds at the measured phase's start and every
     *                 {@link #WINDOW_SECONDS} after it; a negative entry where a sample failed
     */
    static List<Map<String, Object>> withServerCpu(List<Map<String, Object>> timeline, List<Long> cpuEdges) {
        for (Map<String, Object> window : timeline) {
            long t = ((Number) window.get("t")).longValue();
            long count = ((Number) window.get("count")).longValue();
            int edge = (int) (t / WINDOW_SECONDS);
            if (t < 0 || count == 0 || edge + 1 >= cpuEdges.size()) {
                continue;
            }
            long from = cpuEdges.get(edge);
            long to = cpuEdges.get(edge + 1);
            if (from >= 0 && to >= from) {
                window.put("serverCpuMillisPerUpdate", Math.round((to - from) * 1000.0 / count) / 1000.0);
            }
        }
        return timeline;
    }

    /** The timeline as lines for a person: one window a line. */
    static List<String> lines(List<?> timeline) {
        List<String> out = new ArrayList<>();
        out.add("PUT→notification per " + WINDOW_SECONDS + " s (t from the measured phase's start):");
        for (Object entry : timeline) {
            Map<?, ?> w = (Map<?, ?>) entry;
            String line = String.format(Locale.ROOT, "  t=%+5ds %-8s n=%-7d p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms",
                    ((Number) w.get("t")).longValue(), w.get("phase"), ((Number) w.get("count")).longValue(),
                    ((Number) w.get("p50")).doubleValue(), ((Number) w.get("p99")).doubleValue(),
                    ((Number) w.get("max")).doubleValue());
            if (w.get("serverCpuMillisPerUpdate") instanceof Number cpu) {
                line += String.format(Locale.ROOT, "  server CPU %.3f ms/update", cpu.doubleValue());
            }
            out.add(line);
        }
        return out;
    }
}
