package dev.simplepush.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The reconnect storm's load: from the moment the node was killed, one PUT per device at a fixed
 * rate (open loop, timed from when each was due), while the devices reconnect to the other nodes.
 * Each device reports itself done once it has said hello again and its update has arrived.
 */
final class Storm {
    private final List<Device> devices;
    private final int rate;
    private final AtomicLong inFlight = new AtomicLong();

    Storm(List<Device> devices, int rate) {
        this.devices = devices;
        this.rate = rate;
    }

    /** Sends the PUTs; returns once all were sent (not answered). */
    void send(long killNanos) {
        devices.forEach(d -> d.stormBegins(killNanos));
        for (int i = 0; i < devices.size(); i++) {
            long dueAt = killNanos + i * 1_000_000_000L / rate;
            long wait;
            while ((wait = dueAt - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            Device device = devices.get(i);
            long version = device.nextVersion();
            device.stormPut(version);
            inFlight.incrementAndGet();
            device.put(version, dueAt).whenComplete((status, error) -> inFlight.decrementAndGet());
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    long done() {
        return devices.stream().filter(Device::stormDone).count();
    }
}
