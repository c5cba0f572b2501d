package dev.simplepush.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The JSON summary a run prints at the end, computed from the (merged) parts. */
final class Report {
    private static final long TEN_SECONDS_MICROS = 10_000_000L;
    /** The summary's key for the {@link Timeline}. */
    static final String TIMELINE = "putToNotificationTimeline";

    private Report() {
    }

    static Map<String, Object> of(BenchSettings settings, int processes, Part part, List<Map<String, Object>> watched) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", settings.scenario().name().toLowerCase(Locale.ROOT));
        out.put("wsUrls", settings.wsUrls().stream().map(Object::toString).toList());
        out.put("processes", processes);
        out.put("devices", part.devices());
        out.put("seconds", round(part.seconds()));
        Map<String, Object> puts = new LinkedHashMap<>();
        puts.put("sent", part.count("putsSent"));
        puts.put("accepted", part.count("putsAccepted"));
        puts.put("byStatus", part.byStatus());
        puts.put("failed", part.count("putsFailed"));
        puts.put("skippedDeviceOffline", part.count("putsSkipped"));
        puts.put("shedTooManyInFlight", part.count("putsShed"));
        out.put("puts", puts);
        Map<String, Object> deliveries = new LinkedHashMap<>();
        deliveries.put("delivered", part.count("delivered"));
        deliveries.put("superseded", part.count("superseded"));
        deliveries.put("duplicates", part.count("duplicates"));
        deliveries.put("stale", part.count("stale"));
        deliveries.put("timeouts", part.count("timeouts"));
        deliveries.put("lostChannels", part.lostChannels());
        Map<String, Long> byNode = new TreeMap<>();
        part.counts().forEach((key, n) -> {
            if (key.startsWith(Part.DELIVERED_VIA)) {
                byNode.put(key.substring(Part.DELIVERED_VIA.length()), n);
            }
        });
        if (!byNode.isEmpty()) {
            deliveries.put("byNode", byNode);
        }
        out.put("deliveries", deliveries);
        Map<String, Object> devices = new LinkedHashMap<>();
        devices.put("reconnects", part.count("reconnects"));
        devices.put("uaidResets", part.count("resets"));
        out.put("connections", devices);
        double seconds = Math.max(part.seconds(), 1e-9);
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("acceptedPerSecond", round(part.count("putsAccepted") / seconds));
        rates.put("deliveredPerSecond", round(part.count("delivered") / seconds));
        out.put("rates", rates);
        Map<String, Object> latency = new LinkedHashMap<>();
        for (String name : List.of(Part.PUT_TO_FRAME, Part.PUT_ANSWER, Part.CONNECT, Part.RECONNECT)) {
            latency.put(name, percentiles(part.histogram(name)));
        }
        out.put("latencyMillis", latency);
        List<Map<String, Object>> timeline = Timeline.of(part);
        if (!timeline.isEmpty()) {
            out.put(TIMELINE, timeline);
        }
        if (settings.scenario() == Scenario.STORM) {
            out.put("storm", storm(part));
        }
        if (settings.scenario() == Scenario.BACKLOG) {
            out.put("backlog", backlog(settings, part));
        }
        if (settings.scenario() == Scenario.BROADCAST) {
            out.put("broadcast", broadcast(settings, part));
        }
        if (!watched.isEmpty()) {
            out.put("watched", watched);
            long cpu = watched.stream().filter(w -> "server".equals(w.get("role")))
                    .mapToLong(w -> ((Number) w.get("cpuMillis")).longValue()).sum();
            long delivered = part.count("delivered");
            if (delivered > 0 && cpu > 0) {
                out.put("serverCpuMillisPerDeliveredUpdate", Math.round(cpu * 1000.0 / delivered) / 1000.0);
            }
        }
        return out;
    }

    /**
     * The backlog's POSTs (all should be 201; 429 means a pending cap was hit) and its flush: from
     * the first reconnect until the last device had every accepted message.
     */
    static Map<String, Object> backlog(BenchSettings settings, Part part) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", part.devices());
        out.put("perDevice", settings.backlog());
        out.put("payloadBytes", settings.webPushPayload());
        Map<String, Object> posts = new LinkedHashMap<>();
        long answered = part.byStatus().values().stream().mapToLong(Long::longValue).sum();
        long postMillis = part.count("backlogPostMillis");
        posts.put("sent", part.count("putsSent"));
        posts.put("created", part.byStatus().getOrDefault(201, 0L));
        posts.put("notCreated", answered - part.byStatus().getOrDefault(201, 0L));
        posts.put("overCap429", part.byStatus().getOrDefault(429, 0L));
        posts.put("byStatus", part.byStatus());
        posts.put("failed", part.count("putsFailed"));
        posts.put("seconds", round(postMillis / 1000.0));
        posts.put("perSecond", round(answered * 1000.0 / Math.max(1, postMillis)));
        posts.put("answerMillis", percentiles(part.histogram(Part.PUT_ANSWER)));
        out.put("posts", posts);
        Map<String, Object> flush = new LinkedHashMap<>();
        long expected = part.count("backlogExpected");
        long arrived = part.count("delivered");
        double seconds = Math.max(part.seconds(), 1e-9);
        flush.put("seconds", round(part.seconds()));
        flush.put("expected", expected);
        flush.put("arrived", arrived);
        flush.put("messagesPerSecond", round(arrived / seconds));
        flush.put("missing", part.count("backlogMissing"));
        flush.put("duplicates", part.count("duplicates"));
        flush.put("unexpected", part.count("backlogUnexpected"));
        flush.put("devicesWithBacklog", part.count("backlogDevicesWithBacklog"));
        flush.put("devicesIncomplete", part.count("backlogDevicesIncomplete"));
        flush.put("deviceDoneMillis", percentiles(part.histogram(Backlog.FLUSH_DONE)));
        flush.put("helloMillis", percentiles(part.histogram(Part.RECONNECT)));
        out.put("flush", flush);
        return out;
    }

    /** Per device, from the kill: hello answered on another node, and the update PUT after the kill arrived. */
    static Map<String, Object> storm(Part part) {
        Histogram hello = part.histogram(Part.STORM_HELLO);
        Histogram done = part.histogram(Part.STORM_UPDATE);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", part.devices());
        out.put("done", part.count("stormDone"));
        out.put("notDone", part.devices() - part.count("stormDone"));
        out.put("doneWithin10s", done.getTotalCount() == 0 ? 0 : done.getCountBetweenValues(0, TEN_SECONDS_MICROS));
        out.put("killToHelloMillis", percentiles(hello));
        out.put("killToUpdateMillis", percentiles(done));
        return out;
    }

    /**
     * Per broadcast set: how many devices got it and the time from the PUT to the last of them;
     * then notification latency during fan-outs against outside them.
     */
    static Map<String, Object> broadcast(BenchSettings settings, Part part) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", settings.broadcast().id());
        out.put("set", part.count("broadcastsSet"));
        out.put("setFailed", part.count("broadcastSetsFailed"));
        List<Map<String, Object>> sets = new java.util.ArrayList<>();
        Histogram all = new Histogram(Recorder.MAX_MICROS, 3);
        part.broadcastSets().forEach((setAt, h) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("setAtMillis", setAt);
            one.put("devices", h.getTotalCount());
            one.put("missing", part.devices() - h.getTotalCount());
            one.put("putToLastDeviceMillis", millis(h.getMaxValue()));
            one.put("putToDeviceP50Millis", millis(h.getValueAtPercentile(50)));
            sets.add(one);
            all.add(h);
        });
        out.put("sets", sets);
        out.put("putToDeviceMillis", percentiles(all));
        Map<String, Histogram> split = part.putToFrameByFanout(settings.broadcast().window());
        Histogram during = split.get(Part.PUT_TO_FRAME_DURING_FANOUT);
        Histogram outside = split.get(Part.PUT_TO_FRAME_OUTSIDE_FANOUT);
        out.put("fanoutWindowMillis", settings.broadcast().window().toMillis());
        out.put("notificationDuringFanoutMillis", percentiles(during));
        out.put("notificationOutsideFanoutMillis", percentiles(outside));
        if (during.getTotalCount() > 0 && outside.getTotalCount() > 0) {
            out.put("p99DuringOverOutside", round((double) during.getValueAtPercentile(99)
                    / Math.max(1, outside.getValueAtPercentile(99))));
        }
        return out;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            out.put("p50", millis(h.getValueAtPercentile(50)));
            out.put("p90", millis(h.getValueAtPercentile(90)));
            out.put("p99", millis(h.getValueAtPercentile(99)));
            out.put("p999", millis(h.getValueAtPercentile(99.9)));
            out.put("max", millis(h.getMaxValue()));
            out.put("mean", round(h.getMean() / 1000.0));
        }
        return out;
    }

    static double millis(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
