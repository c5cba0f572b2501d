package dev.simplepush.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything a run counts, recorded from many threads. Latencies go into HdrHistograms in
 * microseconds (1 µs to 1 h, 3 significant digits), both for the whole run and for the interval
 * since the last progress line.
 */
final class Recorder {
    static final long MAX_MICROS = 3_600_000_000L;

    final LongAdder putsSent = new LongAdder();
    final LongAdder putsFailed = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder superseded = new LongAdder();
    final LongAdder stale = new LongAdder();
    /** Backlog: messages that arrived without having been accepted (or without a bench version). */
    final LongAdder unexpected = new LongAdder();
    final LongAdder skipped = new LongAdder();
    /** Open-loop PUTs not sent because too many awaited their answer. */
    final LongAdder shed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final AtomicLong connected = new AtomicLong();
    final AtomicLong ready = new AtomicLong();
    private final Map<Integer, LongAdder> putsByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deliveredByUrl = new ConcurrentHashMap<>();
    final LongAdder stormDone = new LongAdder();

    private final org.HdrHistogram.Recorder putToFrame = new org.HdrHistogram.Recorder(MAX_MICROS, 3);
    private final org.HdrHistogram.Recorder putResponse = new org.HdrHistogram.Recorder(MAX_MICROS, 3);
    private final org.HdrHistogram.Recorder connect = new org.HdrHistogram.Recorder(MAX_MICROS, 3);
    private final org.HdrHistogram.Recorder reconnect = new org.HdrHistogram.Recorder(MAX_MICROS, 3);
    final Histogram totalPutToFrame = new Histogram(MAX_MICROS, 3);
    final Histogram totalPutResponse = new Histogram(MAX_MICROS, 3);
    final Histogram totalConnect = new Histogram(MAX_MICROS, 3);
    final Histogram totalReconnect = new Histogram(MAX_MICROS, 3);
    private Histogram intervalPutToFrame;
    /**
     * PUT-to-frame latencies by the wall-clock second they arrived in (epoch seconds), warm-up
     * included and never reset: the report folds them into 10-second windows, so a stall in a
     * server's first minute shows without a profiler. Seconds, not windows, because the window
     * edges are laid from the measured phase's start, known only later, and each process of a
     * run has its own.
     */
    private final Map<Long, Histogram> bySecond = new ConcurrentHashMap<>();
    /** Broadcast: set (epoch ms) → per device arrival latency (µs, millisecond resolution). */
    private final Map<Long, Histogram> broadcastBySet = new ConcurrentHashMap<>();
    final LongAdder broadcastsSet = new LongAdder();
    final LongAdder broadcastSetsFailed = new LongAdder();
    /** Storm: kill → hello answered again, kill → update arrived, per device (both, for done devices). */
    final Histogram stormHello = new Histogram(MAX_MICROS, 3);
    final Histogram stormUpdate = new Histogram(MAX_MICROS, 3);

    void putAnswered(int status, long nanos) {
        putsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        putResponse.recordValue(micros(nanos));
    }

    void deliveredAfter(long nanos) {
        delivered.increment();
        putToFrame.recordValue(micros(nanos));
        bySecond.computeIfAbsent(System.currentTimeMillis() / 1000,
                second -> new ConcurrentHistogram(MAX_MICROS, 3)).recordValue(micros(nanos));
    }

    /** PUT-to-frame latencies by epoch second of arrival, since the run began. */
    Map<Long, Histogram> putToFrameBySecond() {
        return new TreeMap<>(bySecond);
    }

    /** A device got the broadcast version set at {@code setAtMillis}, at {@code nowMillis}. */
    void broadcastArrived(long setAtMillis, long nowMillis) {
        broadcastBySet.computeIfAbsent(setAtMillis, at -> new ConcurrentHistogram(MAX_MICROS, 3))
                .recordValue(Math.max(1, (nowMillis - setAtMillis) * 1000));
    }

    /** Per broadcast set (epoch ms), its devices' arrival latencies. */
    Map<Long, Histogram> broadcastsBySet() {
        return new TreeMap<>(broadcastBySet);
    }

    void deliveredVia(URI url) {
        if (url != null) {
            deliveredByUrl.computeIfAbsent(url.toString(), u -> new LongAdder()).increment();
        }
    }

    /** A device of the storm is back: hello answered {@code helloNanos} and update arrived {@code updateNanos} after the kill. */
    synchronized void stormDone(long helloNanos, long updateNanos) {
        stormDone.increment();
        stormHello.recordValue(micros(helloNanos));
        stormUpdate.recordValue(micros(updateNanos));
    }

    Map<String, Long> deliveredByUrl() {
        Map<String, Long> out = new TreeMap<>();
        deliveredByUrl.forEach((url, n) -> out.put(url, n.sum()));
        return out;
    }

    void connectedAfter(long nanos) {
        connect.recordValue(micros(nanos));
    }

    void reconnectedAfter(long nanos) {
        reconnects.increment();
        reconnect.recordValue(micros(nanos));
    }

    long accepted() {
        // 201: a Web Push POST taken (--webpush).
        return count(200) + count(201) + count(202);
    }

    long count(int status) {
        LongAdder adder = putsByStatus.get(status);
        return adder == null ? 0 : adder.sum();
    }

    Map<Integer, Long> byStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        putsByStatus.forEach((status, n) -> out.put(status, n.sum()));
        return out;
    }

    /**
     * Moves what was recorded since the last call into the run totals.
     *
     * @return PUT-to-frame latencies of that interval
     */
    synchronized Histogram interval() {
        intervalPutToFrame = putToFrame.getIntervalHistogram(intervalPutToFrame);
        totalPutToFrame.add(intervalPutToFrame);
        totalPutResponse.add(putResponse.getIntervalHistogram());
        totalConnect.add(connect.getIntervalHistogram());
        totalReconnect.add(reconnect.getIntervalHistogram());
        return intervalPutToFrame;
    }

    /** Forgets everything counted so far: the end of the warm-up. */
    synchronized void reset() {
        for (LongAdder adder : new LongAdder[] {putsSent, putsFailed, delivered, duplicates, superseded, stale, skipped,
                timeouts, resets, reconnects, shed}) {
            adder.reset();
        }
        putsByStatus.clear();
        deliveredByUrl.clear();
        // Connect times stay: devices connect before the warm-up, and that is what they measure.
        putToFrame.reset();
        putResponse.reset();
        reconnect.reset();
        totalPutToFrame.reset();
        totalPutResponse.reset();
        totalReconnect.reset();
    }

    private static long micros(long nanos) {
        return Math.max(1, Math.min(MAX_MICROS, nanos / 1_000));
    }
}
