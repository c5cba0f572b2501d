package dev.simplepush.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A closed loop of SimplePush PUTs through a pipeline for a bounded time, so that a freshly
 * started JVM has its hot code compiled before real devices and app servers depend on it. The
 * devices are the bench's own: each connects, registers one channel and waits for every version
 * it was PUT before the next one.
 */
public final class Warmup {
    /** How long the loop runs before {@code enough} is first asked. */
    static final Duration ASK_AFTER = Duration.ofSeconds(10);

    /**
     * What the loop did.
     *
     * @param delivered updates that reached their device
     * @param failed    PUTs the gateway did not accept
     * @param took      from the first connect to the last delivery awaited
     */
    public record Result(long delivered, long failed, Duration took) {
    }

    private Warmup() {
    }

    /**
     * A closed loop, as fast as the pipeline goes, until {@code longest} has passed or
     * {@code enough} is true (asked about once a second from {@link #ASK_AFTER} on); then waits,
     * within the bench's drain time, for the updates still in flight.
     *
     * @param wsUrl   the node's device URL
     * @param devices devices, each with one round trip in flight
     */
    public static Result run(URI wsUrl, int devices, Duration longest, BooleanSupplier enough)
            throws InterruptedException {
        BenchSettings settings = new BenchSettings(Scenario.THROUGHPUT, List.of(wsUrl), false, devices, 0, longest,
                Duration.ZERO, devices, 1, 0, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(500),
                Math.min(devices, 256), 2, Duration.ZERO, devices, devices, 0);
        long start = System.nanoTime();
        Recorder recorder = new Recorder();
        try (Fleet fleet = new Fleet(settings)) {
            List<Device> connected = fleet.connect(devices, 0, recorder, false);
            ClosedLoop loop = new ClosedLoop(connected, devices, fleet, recorder);
            long deadline = start + longest.toNanos();
            long ask = System.nanoTime() + ASK_AFTER.toNanos();
            loop.start();
            try {
                while (System.nanoTime() < deadline && (System.nanoTime() < ask || !enough.getAsBoolean())) {
                    // The loop's own clock: how often to ask whether the JVM is warm, bounded by longest.
                    TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                }
            } finally {
                loop.stop();
            }
            long drained = System.nanoTime() + settings.drainTimeout().toNanos();
            while (System.nanoTime() < drained && loop.inFlight() > 0) {
                Thread.sleep(20); // polling a condition, bounded by the drain time
            }
            return new Result(recorder.delivered.sum(), recorder.putsFailed.sum(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
