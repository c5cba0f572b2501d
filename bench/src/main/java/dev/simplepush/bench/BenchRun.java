package dev.simplepush.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/** One bench process from connect to summary. */
final class BenchRun {
    private final BenchSettings settings;
    private final Consumer<Phase> phases;
    private final String label;
    private final StormTrigger trigger;

    BenchRun(BenchSettings settings, Consumer<Phase> phases, String label) {
        this(settings, phases, label, null);
    }

    /** @param trigger the storm scenario's kill; null for the others */
    BenchRun(BenchSettings settings, Consumer<Phase> phases, String label, StormTrigger trigger) {
        this.settings = settings;
        this.phases = phases;
        this.label = label;
        this.trigger = trigger;
    }

    Part run() throws InterruptedException {
        Recorder recorder = new Recorder();
        phases.accept(Phase.STARTING);
        try (Fleet fleet = new Fleet(settings)) {
            long connectStart = System.nanoTime();
            ScheduledFuture<?> progress = progress(fleet, recorder, connectStart);
            List<Device> devices = fleet.connect(settings.devices(), settings.deviceOffset(), recorder,
                    settings.firstUrlOnly());
            log(String.format("%d devices connected and registered in %.1f s", devices.size(),
                    (System.nanoTime() - connectStart) / 1e9));
            if (settings.scenario() == Scenario.BACKLOG) {
                progress.cancel(false); // it has progress lines of its own
                return new Backlog(settings, fleet, devices, recorder, phases, this::log).run();
            }
            Load load = switch (settings.scenario()) {
                case THROUGHPUT -> new ClosedLoop(devices, settings.concurrency(), fleet, recorder);
                case LATENCY, SOAK, SCALEOUT, BROADCAST -> new OpenLoop(devices, settings.rate(), recorder,
                        settings.maxInFlight());
                case IDLE, STORM, BACKLOG -> Load.NONE;
            };
            load.start();
            ScheduledFuture<?> churn = settings.scenario() == Scenario.SOAK && settings.churnPerMinute() > 0
                    ? churn(fleet, devices) : null;
            pause(settings.warmup());
            recorder.reset();
            phases.accept(Phase.MEASURING);
            long measuredFrom = System.currentTimeMillis();
            long start = System.nanoTime();
            if (settings.scenario() == Scenario.STORM) {
                storm(devices);
            } else if (settings.scenario() == Scenario.BROADCAST && settings.deviceOffset() == 0) {
                broadcasts(fleet, recorder);
            } else {
                pause(settings.duration());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            phases.accept(Phase.MEASURED);
            load.stop();
            if (churn != null) {
                churn.cancel(false);
            }
            long lost = drain(devices, load); // the storm's PUTs were awaited above
            progress.cancel(false);
            return Part.of(recorder, seconds, devices.size(), lost, measuredFrom);
        }
    }

    /**
     * Waits for the kill, sends one PUT per device, then waits until every device is back with its
     * update or the measured time (counted from the kill) is over.
     */
    private void storm(List<Device> devices) throws InterruptedException {
        if (trigger == null) {
            throw new IllegalStateException("the storm scenario needs --kill-pid");
        }
        long kill = trigger.awaitKill();
        log("node killed; sending " + devices.size() + " PUTs at " + settings.rate() + "/s");
        Storm storm = new Storm(devices, settings.rate());
        storm.send(kill);
        long deadline = kill + settings.duration().toNanos();
        while (System.nanoTime() < deadline && (storm.done() < devices.size() || storm.inFlight() > 0)) {
            Thread.sleep(50); // polling a condition, bounded by the deadline
        }
        log(String.format("%d of %d devices back with their update %.1f s after the kill", storm.done(), devices.size(),
                (System.nanoTime() - kill) / 1e9));
    }

    /**
     * The first process sets a new version every interval of the measured time, the first one
     * interval in (a baseline without fan-out), none in the last second (its fan-out would be cut).
     */
    private void broadcasts(Fleet fleet, Recorder recorder) throws InterruptedException {
        BenchBroadcast broadcast = settings.broadcast();
        long end = System.nanoTime() + settings.duration().toNanos();
        java.net.URI url = java.net.URI.create(broadcast.gateway() + "/v1/broadcasts/" + broadcast.id());
        while (true) {
            long next = System.nanoTime() + broadcast.every().toNanos();
            if (next > end - TimeUnit.SECONDS.toNanos(1)) {
                break;
            }
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime()); // the run's own schedule, not a condition
            long at = System.currentTimeMillis();
            try {
                java.net.http.HttpResponse<String> response = fleet.appServer().send(java.net.http.HttpRequest
                                .newBuilder(url).timeout(settings.timeout())
                                .header("Authorization", "Bearer " + broadcast.token())
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(BenchBroadcast.version(at)))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 201) {
                    recorder.broadcastsSet.increment();
                    log("broadcast " + broadcast.id() + " set to " + BenchBroadcast.version(at));
                } else {
                    recorder.broadcastSetsFailed.increment();
                    log("broadcast set answered " + response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException e) {
                recorder.broadcastSetsFailed.increment();
                log("broadcast set failed: " + e);
            }
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
    }

    /** Waits for answers still owed and for every accepted version to arrive, within the drain timeout. */
    private long drain(List<Device> devices, Load load) throws InterruptedException {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (load.inFlight() == 0 && devices.stream().allMatch(Device::caughtUp)) {
                return 0;
            }
            Thread.sleep(50); // polling a condition, bounded by the deadline
        }
        List<Device> behind = devices.stream().filter(d -> !d.caughtUp()).toList();
        behind.stream().limit(10).forEach(d -> log(String.format("device %d: newest accepted version %d, newest "
                + "arrived %d", d.index, d.maxAccepted(), d.maxDelivered())));
        return behind.size();
    }

    private ScheduledFuture<?> progress(Fleet fleet, Recorder recorder, long startNanos) {
        long every = settings.progress().toMillis();
        if (every <= 0) {
            return fleet.timer().schedule(() -> { }, 1, TimeUnit.DAYS);
        }
        long[] last = {0, 0, System.nanoTime()};
        return fleet.timer().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long accepted = recorder.accepted();
            long delivered = recorder.delivered.sum();
            if (accepted < last[0] || delivered < last[1]) { // the warm-up just ended
                last[0] = 0;
                last[1] = 0;
            }
            double interval = Math.max((now - last[2]) / 1e9, 1e-9);
            Histogram h = recorder.interval();
            log(String.format("%5.0fs devices %d/%d ready | accepted %.0f/s | delivered %.0f/s | p50 %.1f ms p99 %.1f ms"
                            + " | failed %d timeouts %d", (now - startNanos) / 1e9, recorder.ready.get(),
                    settings.devices(), (accepted - last[0]) / interval, (delivered - last[1]) / interval,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    recorder.putsFailed.sum(), recorder.timeouts.sum()));
            last[0] = accepted;
            last[1] = delivered;
            last[2] = now;
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Every second, drops its share of {@code churn}% of the devices per minute. */
    private ScheduledFuture<?> churn(Fleet fleet, List<Device> devices) {
        double perSecond = devices.size() * settings.churnPerMinute() / 100.0 / 60.0;
        double[] owed = {0};
        return fleet.timer().scheduleAtFixedRate(() -> {
            owed[0] += perSecond;
            while (owed[0] >= 1) {
                owed[0] -= 1;
                devices.get(ThreadLocalRandom.current().nextInt(devices.size())).drop();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private static void pause(Duration duration) throws InterruptedException {
        // The run's own clock: how long to load the server, not a wait for a condition.
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }

    private void log(String line) {
        System.err.println("bench" + label + ": " + line);
    }
}
