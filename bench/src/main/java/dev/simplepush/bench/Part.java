package dev.simplepush.bench;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The result of one bench process in a form that adds up: counters, PUT answers by status, and
 * the latency histograms (HdrHistogram's compressed encoding, base64), so a run split over
 * several processes is summarised as one.
 *
 * @param counts     counter name → value
 * @param byStatus   HTTP status → PUT answers
 * @param histograms histogram name → encoded histogram (microseconds)
 * @param seconds    measured time
 * @param devices    devices
 * @param lostChannels channels whose newest accepted version never arrived
 * @param putToFrameBySecond epoch second → encoded PUT-to-frame histogram of the deliveries that
 *                   arrived in it, warm-up included (for {@link Timeline})
 * @param measuredFromMillis when the measured phase began (epoch millis; the earliest of the
 *                   processes), 0 if unknown
 */
record Part(Map<String, Long> counts, Map<Integer, Long> byStatus, Map<String, String> histograms, double seconds,
            int devices, long lostChannels, Map<Long, String> putToFrameBySecond, long measuredFromMillis) {

    Part {
        putToFrameBySecond = putToFrameBySecond == null ? Map.of() : putToFrameBySecond;
    }

    static final String PUT_TO_FRAME = "putToNotification";
    static final String PUT_ANSWER = "putAnswer";
    static final String CONNECT = "connect";
    static final String RECONNECT = "reconnect";
    static final String STORM_HELLO = "stormKillToHello";
    static final String STORM_UPDATE = "stormKillToUpdate";
    /** Histogram keys of each broadcast set start with this, followed by its epoch millis. */
    static final String BROADCAST_SET = "broadcastSet ";
    /** PUT-to-frame latencies of notifications that arrived within a broadcast's fan-out window, and outside. */
    static final String PUT_TO_FRAME_DURING_FANOUT = "putToNotificationDuringFanout";
    static final String PUT_TO_FRAME_OUTSIDE_FANOUT = "putToNotificationOutsideFanout";
    /** Counter keys of deliveries by node URL start with this. */
    static final String DELIVERED_VIA = "deliveredVia ";

    static Part of(Recorder recorder, double seconds, int devices, long lostChannels) {
        return of(recorder, seconds, devices, lostChannels, 0);
    }

    static Part of(Recorder recorder, double seconds, int devices, long lostChannels, long measuredFromMillis) {
        recorder.interval();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("putsSent", recorder.putsSent.sum());
        counts.put("putsAccepted", recorder.accepted());
        counts.put("putsFailed", recorder.putsFailed.sum());
        counts.put("putsSkipped", recorder.skipped.sum());
        counts.put("putsShed", recorder.shed.sum());
        counts.put("delivered", recorder.delivered.sum());
        counts.put("duplicates", recorder.duplicates.sum());
        counts.put("stale", recorder.stale.sum());
        counts.put("superseded", recorder.superseded.sum());
        counts.put("timeouts", recorder.timeouts.sum());
        counts.put("resets", recorder.resets.sum());
        counts.put("reconnects", recorder.reconnects.sum());
        counts.put("stormDone", recorder.stormDone.sum());
        recorder.deliveredByUrl().forEach((url, n) -> counts.put(DELIVERED_VIA + url, n));
        Map<String, String> histograms = new LinkedHashMap<>();
        histograms.put(PUT_TO_FRAME, encode(recorder.totalPutToFrame));
        histograms.put(PUT_ANSWER, encode(recorder.totalPutResponse));
        histograms.put(CONNECT, encode(recorder.totalConnect));
        histograms.put(RECONNECT, encode(recorder.totalReconnect));
        synchronized (recorder) {
            histograms.put(STORM_HELLO, encode(recorder.stormHello));
            histograms.put(STORM_UPDATE, encode(recorder.stormUpdate));
        }
        Map<Long, String> bySecond = new TreeMap<>();
        recorder.putToFrameBySecond().forEach((second, h) -> bySecond.put(second, encode(h)));
        counts.put("broadcastsSet", recorder.broadcastsSet.sum());
        counts.put("broadcastSetsFailed", recorder.broadcastSetsFailed.sum());
        recorder.broadcastsBySet().forEach((setAt, h) -> histograms.put(BROADCAST_SET + setAt, encode(h)));
        return new Part(counts, recorder.byStatus(), histograms, seconds, devices, lostChannels, bySecond,
                measuredFromMillis);
    }

    Part plus(Part other) {
        Map<String, Long> sum = new LinkedHashMap<>(counts);
        other.counts.forEach((k, v) -> sum.merge(k, v, Long::sum));
        Map<Integer, Long> statuses = new TreeMap<>(byStatus);
        other.byStatus.forEach((k, v) -> statuses.merge(k, v, Long::sum));
        Map<String, String> merged = new LinkedHashMap<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(histograms.keySet());
        names.addAll(other.histograms.keySet());
        for (String name : names) {
            Histogram h = histogram(name);
            h.add(other.histogram(name));
            merged.put(name, encode(h));
        }
        Map<Long, String> bySecond = new TreeMap<>(putToFrameBySecond);
        other.putToFrameBySecond.forEach((second, encoded) -> bySecond.merge(second, encoded, (a, b) -> {
            Histogram h = decode(a, "second " + second);
            h.add(decode(b, "second " + second));
            return encode(h);
        }));
        long measuredFrom = measuredFromMillis == 0 ? other.measuredFromMillis
                : other.measuredFromMillis == 0 ? measuredFromMillis
                : Math.min(measuredFromMillis, other.measuredFromMillis);
        return new Part(sum, statuses, merged, Math.max(seconds, other.seconds), devices + other.devices,
                lostChannels + other.lostChannels, bySecond, measuredFrom);
    }

    /** This part with more counters and histograms (a scenario's own). */
    Part with(Map<String, Long> moreCounts, Map<String, Histogram> moreHistograms) {
        Map<String, Long> allCounts = new LinkedHashMap<>(counts);
        allCounts.putAll(moreCounts);
        Map<String, String> allHistograms = new LinkedHashMap<>(histograms);
        moreHistograms.forEach((name, h) -> allHistograms.put(name, encode(h)));
        return new Part(allCounts, byStatus, allHistograms, seconds, devices, lostChannels, putToFrameBySecond,
                measuredFromMillis);
    }

    /** The PUT-to-frame histogram of each epoch second that had deliveries, in time order. */
    Map<Long, Histogram> putToFrameSeconds() {
        Map<Long, Histogram> out = new TreeMap<>();
        putToFrameBySecond.forEach((second, encoded) -> out.put(second, decode(encoded, "second " + second)));
        return out;
    }

    /**
     * The broadcast scenario's split of PUT-to-frame latencies: notifications that arrived in a
     * second overlapping [set, set + {@code window}] of some broadcast set, and the others, both
     * within the measured time. Seconds, because that is the resolution kept per arrival time.
     */
    Map<String, Histogram> putToFrameByFanout(java.time.Duration window) {
        java.util.List<Long> sets = broadcastSets().keySet().stream().toList();
        Histogram during = new Histogram(Recorder.MAX_MICROS, 3);
        Histogram outside = new Histogram(Recorder.MAX_MICROS, 3);
        long from = measuredFromMillis / 1000;
        long to = (measuredFromMillis + (long) (seconds * 1000)) / 1000;
        putToFrameSeconds().forEach((second, h) -> {
            if (measuredFromMillis > 0 && (second < from || second > to)) {
                return;
            }
            boolean inWindow = sets.stream().anyMatch(set -> second >= set / 1000
                    && second <= (set + window.toMillis()) / 1000);
            (inWindow ? during : outside).add(h);
        });
        return Map.of(PUT_TO_FRAME_DURING_FANOUT, during, PUT_TO_FRAME_OUTSIDE_FANOUT, outside);
    }

    /** Each broadcast set (epoch millis) with its devices' arrival latencies, in time order. */
    Map<Long, Histogram> broadcastSets() {
        Map<Long, Histogram> out = new TreeMap<>();
        histograms.keySet().stream().filter(name -> name.startsWith(BROADCAST_SET)).forEach(name ->
                out.put(Long.parseLong(name.substring(BROADCAST_SET.length())), histogram(name)));
        return out;
    }

    long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    Histogram histogram(String name) {
        String encoded = histograms.get(name);
        if (encoded == null) {
            return new Histogram(Recorder.MAX_MICROS, 3);
        }
        return decode(encoded, name);
    }

    private static Histogram decode(String encoded, String name) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("unreadable histogram " + name, e);
        }
    }

    private static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
