package dev.simplepush.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code concurrency} round trips in flight: each PUTs a new version to a device and waits for the
 * PUT's answer and, when accepted, for the notification, then starts the next. Lane {@code i} owns
 * devices {@code i}, {@code i + concurrency}, ... so no device ever has two versions in flight.
 */
final class ClosedLoop implements Load {
    private final List<Device> devices;
    private final int lanes;
    private final Fleet fleet;
    private final Recorder recorder;
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean running;

    ClosedLoop(List<Device> devices, int concurrency, Fleet fleet, Recorder recorder) {
        this.devices = devices;
        this.lanes = Math.min(concurrency, devices.size());
        this.fleet = fleet;
        this.recorder = recorder;
    }

    @Override
    public void start() {
        running = true;
        for (int lane = 0; lane < lanes; lane++) {
            next(lane, lane);
        }
    }

    private void next(int lane, int deviceIndex) {
        if (!running) {
            return;
        }
        Device device = devices.get(deviceIndex);
        int following = deviceIndex + lanes < devices.size() ? deviceIndex + lanes : lane;
        if (!device.ready()) {
            // Reconnecting: skip it this round rather than stall the lane.
            fleet.timer().execute(() -> next(lane, following));
            return;
        }
        long version = device.nextVersion();
        CompletableFuture<Void> arrival = device.arrivalOf(version);
        inFlight.incrementAndGet();
        device.put(version, System.nanoTime())
                .thenCompose(status -> status == 200 || status == 202
                        ? arrival.orTimeout(fleet.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        : CompletableFuture.completedFuture(null))
                .whenComplete((ok, error) -> {
                    inFlight.decrementAndGet();
                    if (error != null && unwrap(error) instanceof TimeoutException) {
                        recorder.timeouts.increment();
                    }
                    next(lane, following);
                });
    }

    private static Throwable unwrap(Throwable error) {
        return error.getCause() != null && error instanceof CompletionException
                ? error.getCause() : error;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }
}
