package dev.simplepush.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * PUTs at a fixed rate, one device after another, whatever the server does. Each PUT is timed
 * from when it was due, not when it went out, so a sender that falls behind shows up in the
 * latency instead of hiding it (coordinated omission).
 */
final class OpenLoop implements Load {
    private final List<Device> devices;
    private final int rate;
    private final Recorder recorder;
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean running;
    private Thread sender;

    private final int maxInFlight;

    OpenLoop(List<Device> devices, int rate, Recorder recorder, int maxInFlight) {
        this.devices = devices;
        this.rate = rate;
        this.recorder = recorder;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void start() {
        running = true;
        sender = new Thread(this::send, "bench-open-loop");
        sender.setDaemon(true);
        sender.start();
    }

    private void send() {
        long start = System.nanoTime();
        long sent = 0;
        int next = 0;
        while (running) {
            long now = System.nanoTime();
            long due = (now - start) * rate / 1_000_000_000L;
            while (sent < due && running) {
                long dueAt = start + sent * 1_000_000_000L / rate;
                sent++;
                Device device = devices.get(next);
                next = (next + 1) % devices.size();
                if (!device.ready()) {
                    recorder.skipped.increment();
                    continue;
                }
                if (inFlight.get() >= maxInFlight) {
                    recorder.shed.increment();
                    continue;
                }
                inFlight.incrementAndGet();
                device.put(device.nextVersion(), dueAt).whenComplete((status, error) -> inFlight.decrementAndGet());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            try {
                sender.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }
}
