package dev.simplepush.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The ledger's devices, spread over the delivery nodes: set up (hello, registers), kept online
 * (reconnecting on their own), optionally churned (a few go away and come back every second), and
 * closed at the end.
 */
final class DeviceFleet implements AutoCloseable {
    private static final int SETUP_CONCURRENCY = 100;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "device-fleet");
        thread.setDaemon(true);
        return thread;
    });
    private final List<LedgerDevice> devices = new ArrayList<>();
    private ScheduledFuture<?> churn;

    DeviceFleet(int count, List<URI> nodes, Ledger ledger) {
        this(count, nodes, ledger, index -> false);
    }

    /** With {@code webPush} telling which devices speak Web Push (data mode). */
    DeviceFleet(int count, List<URI> nodes, Ledger ledger, java.util.function.IntPredicate webPush) {
        for (int i = 0; i < count; i++) {
            devices.add(new LedgerDevice(i, http, nodes::get, nodes.size(), ledger, scheduler, webPush.test(i)));
        }
    }

    /** Every device says hello and registers {@code channels} channels; returns when all have. */
    void setUp(int channels, Duration timeout) {
        Semaphore permits = new Semaphore(SETUP_CONCURRENCY);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (LedgerDevice device : devices) {
            permits.acquireUninterruptibly();
            all.add(device.setUp(channels).whenComplete((ok, error) -> permits.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    List<LedgerDevice> devices() {
        return devices;
    }

    /** Every second, {@code perSecond} random online devices close and reconnect 0.5–2 s later. */
    void startChurn(int perSecond) {
        if (perSecond <= 0) {
            return;
        }
        churn = scheduler.scheduleAtFixedRate(() -> {
            for (int i = 0; i < perSecond; i++) {
                LedgerDevice device = devices.get(ThreadLocalRandom.current().nextInt(devices.size()));
                if (device.isOnline() && device.wantsOnline()) {
                    device.goOffline();
                    scheduler.schedule(device::goOnline, 500 + ThreadLocalRandom.current().nextLong(1_500),
                            TimeUnit.MILLISECONDS);
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    void stopChurn() {
        if (churn != null) {
            churn.cancel(false);
        }
    }

    long online() {
        return devices.stream().filter(LedgerDevice::isOnline).count();
    }

    long onNode(int node) {
        return devices.stream().filter(device -> device.isOnline() && device.node() == node).count();
    }

    /** Brings every device back online and waits until each has had its hello answered. */
    void awaitAllOnline(Duration timeout) {
        devices.forEach(LedgerDevice::goOnline);
        Awaitility.await("every device online again").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> online() == devices.size());
    }

    @Override
    public void close() {
        stopChurn();
        devices.forEach(LedgerDevice::shutdown);
        scheduler.shutdownNow();
    }
}
