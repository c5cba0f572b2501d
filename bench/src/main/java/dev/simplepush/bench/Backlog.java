package dev.simplepush.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The backlog scenario once the devices are registered: every device goes offline (a clean close,
 * so the node tells streams-state), {@code --backlog} POSTs per device are stored, then every
 * device says hello again at once and acks each message by id as it comes; streams-state sends
 * them in windows of {@code webpush.max.unacked}, the acks moving the window on. Timed from the
 * first reconnect until the last device has its whole backlog.
 */
final class Backlog {
    static final String FLUSH_DONE = "backlogDeviceDone";
    static final String RECONNECT = Part.RECONNECT;

    private final BenchSettings settings;
    private final Fleet fleet;
    private final List<Device> devices;
    private final Recorder recorder;
    private final Consumer<Phase> phases;
    private final Consumer<String> log;
    private final AtomicLong inFlight = new AtomicLong();

    Backlog(BenchSettings settings, Fleet fleet, List<Device> devices, Recorder recorder, Consumer<Phase> phases,
            Consumer<String> log) {
        this.settings = settings;
        this.fleet = fleet;
        this.devices = devices;
        this.recorder = recorder;
        this.phases = phases;
        this.log = log;
    }

    Part run() throws InterruptedException {
        List<BacklogTally> tallies = new ArrayList<>();
        for (Device device : devices) {
            BacklogTally tally = new BacklogTally();
            device.trackBacklog(tally);
            tallies.add(tally);
        }
        goOffline();
        recorder.reset();
        phases.accept(Phase.MEASURING);
        long postMillis = post();
        phases.accept(Phase.STORED);
        long expected = tallies.stream().mapToLong(BacklogTally::acceptedCount).sum();
        long[] flush = flush(expected);
        long flushStart = flush[0];
        long flushEnd = flush[1];
        double seconds = Math.max(flushEnd - flushStart, 1) / 1e9;
        phases.accept(Phase.MEASURED);

        Histogram done = new Histogram(Recorder.MAX_MICROS, 3);
        long missing = 0;
        long incomplete = 0;
        for (BacklogTally tally : tallies) {
            missing += tally.missing();
            if (!tally.complete()) {
                incomplete++;
            } else if (tally.completedAtNanos() >= 0) {
                done.recordValue(Math.max(1, Math.min(Recorder.MAX_MICROS, (tally.completedAtNanos() - flushStart) / 1000)));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("backlogPerDevice", (long) settings.backlog());
        counts.put("backlogExpected", expected);
        counts.put("backlogMissing", missing);
        counts.put("backlogDevicesIncomplete", incomplete);
        counts.put("backlogUnexpected", recorder.unexpected.sum());
        counts.put("backlogPostMillis", postMillis);
        counts.put("backlogDevicesWithBacklog", tallies.stream().filter(t -> t.acceptedCount() > 0).count());
        return Part.of(recorder, seconds, devices.size(), incomplete).with(counts, Map.of(FLUSH_DONE, done));
    }

    /** Closes every socket cleanly and waits for the node's answer to each close. */
    private void goOffline() throws InterruptedException {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> gone = devices.stream().map(Device::goOffline).toList();
        try {
            CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new))
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            long open = gone.stream().filter(f -> !f.isDone()).count();
            throw new IllegalStateException(open + " of " + devices.size() + " sockets did not close within "
                    + settings.timeout(), e);
        }
        log.accept(String.format("%d devices offline (closed in %.1f s)", devices.size(), (System.nanoTime() - start) / 1e9));
        // The node has answered every close; its disconnect still has to pass through Kafka to
        // streams-state, and nothing outside the server shows when it has. A message POSTed before
        // then is stored all the same (streams-state stores before it routes), but it is sent to
        // the gone connection first, so give the disconnects a moment.
        TimeUnit.MILLISECONDS.sleep(settings.offlineGrace().toMillis());
    }

    /**
     * POSTs versions 1 to {@code --backlog} to each device, round by round, at {@code --rate} (0: as
     * fast as the connections take them), with at most two per connection outstanding so none
     * waits out the timeout in the client's queue; waits for every answer.
     *
     * @return how long it took, in milliseconds
     */
    private long post() throws InterruptedException {
        int rate = settings.rate();
        int total = settings.backlog() * devices.size();
        Semaphore permits = new Semaphore(Math.min(settings.maxInFlight(), 2 * settings.httpConnections()));
        log.accept(String.format("POSTing %d messages of %d bytes (%d per device) %s", total, settings.webPushPayload(),
                settings.backlog(), rate > 0 ? "at " + rate + "/s" : "as fast as " + settings.httpConnections()
                        + " connections allow"));
        long start = System.nanoTime();
        ScheduledFuture<?> progress = progress(() -> String.format("POSTs answered %d/%d | 201 %d | other %d | failed %d",
                recorder.byStatus().values().stream().mapToLong(Long::longValue).sum(), total, recorder.count(201),
                recorder.byStatus().entrySet().stream().filter(e -> e.getKey() != 201).mapToLong(Map.Entry::getValue)
                        .sum(), recorder.putsFailed.sum()));
        int sent = 0;
        for (int version = 1; version <= settings.backlog(); version++) {
            for (Device device : devices) {
                long due = rate > 0 ? start + sent * 1_000_000_000L / rate : System.nanoTime();
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                }
                permits.acquire();
                inFlight.incrementAndGet();
                device.put(version, due).whenComplete((status, error) -> {
                    inFlight.decrementAndGet();
                    permits.release();
                });
                sent++;
            }
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos() * 2;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a condition, bounded by the deadline
        }
        progress.cancel(false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.accept(String.format("%d POSTs answered in %.1f s (%.0f/s): %s; failed %d%s", total, millis / 1000.0,
                total * 1000.0 / Math.max(1, millis), recorder.byStatus(), recorder.putsFailed.sum(),
                recorder.count(429) > 0 ? "; 429: a pending cap (webpush.max.pending.*) was hit" : ""));
        long notCreated = recorder.byStatus().entrySet().stream().filter(e -> e.getKey() != 201)
                .mapToLong(Map.Entry::getValue).sum() + recorder.putsFailed.sum();
        if (notCreated > 0) {
            log.accept(notCreated + " POSTs were not answered 201: the backlog is short of " + total
                    + (recorder.count(401) > 0 ? " (401: is the gateway's gateway.endpoint.base the origin of the "
                    + "endpoints? VAPID's aud must be it)" : ""));
        }
        return millis;
    }

    /**
     * Reconnects every device at once and waits until each has every accepted message, or the
     * measured time is over.
     *
     * @return the flush's start and end ({@link System#nanoTime})
     */
    private long[] flush(long expected) throws InterruptedException {
        long start = System.nanoTime();
        ScheduledFuture<?> progress = progress(() -> {
            double seconds = Math.max(System.nanoTime() - start, 1) / 1e9;
            long arrived = recorder.delivered.sum();
            return String.format("flush %.1fs | devices done %d/%d | messages %d/%d (%.0f/s) | duplicates %d",
                    seconds, devices.stream().filter(d -> d.backlog().complete()).count(), devices.size(), arrived,
                    expected, arrived / seconds, recorder.duplicates.sum());
        });
        log.accept("reconnecting " + devices.size() + " devices for " + expected + " stored messages");
        devices.forEach(Device::reconnectNow);
        long deadline = start + settings.duration().toNanos();
        long end = start;
        while (System.nanoTime() < deadline) {
            if (devices.stream().allMatch(d -> d.backlog().complete())) {
                break;
            }
            Thread.sleep(10); // polling a condition, bounded by the deadline
        }
        end = devices.stream().mapToLong(d -> d.backlog().completedAtNanos()).max().orElse(start);
        if (!devices.stream().allMatch(d -> d.backlog().complete())) {
            end = System.nanoTime();
        }
        progress.cancel(false);
        long arrived = recorder.delivered.sum();
        double seconds = Math.max(end - start, 1) / 1e9;
        log.accept(String.format("flush: %d of %d messages at %d of %d devices in %.2f s (%.0f messages/s); "
                        + "duplicates %d, unexpected %d", arrived, expected,
                devices.stream().filter(d -> d.backlog().complete()).count(), devices.size(), seconds,
                arrived / seconds, recorder.duplicates.sum(), recorder.unexpected.sum()));
        return new long[] {start, Math.max(end, start)};
    }

    private ScheduledFuture<?> progress(java.util.function.Supplier<String> line) {
        long every = settings.progress().toMillis();
        if (every <= 0) {
            return fleet.timer().schedule(() -> { }, 1, TimeUnit.DAYS);
        }
        return fleet.timer().scheduleAtFixedRate(() -> log.accept(line.get()), every, every, TimeUnit.MILLISECONDS);
    }
}
