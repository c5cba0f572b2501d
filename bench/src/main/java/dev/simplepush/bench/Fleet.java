package dev.simplepush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The devices of one bench process and the clients they share: one WebSocket client and one
 * keep-alive HTTP client, both on a small fixed pool, so thousands of devices cost sockets and
 * buffers rather than threads. Plain-http PUTs go through a leaner client of their own (one
 * selector thread, a fixed number of connections per gateway).
 */
final class Fleet implements AutoCloseable {
    private final List<URI> urls;
    private final Duration timeout;
    private final Duration reconnectDelay;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;
    private final HttpClient webSockets;
    private final HttpClient appServer;
    private final LeanHttpClient leanAppServer;
    /** The app server's Web Push side, or null for a SimplePush run. */
    private final WebPushLoad webPush;
    private final Semaphore connecting;
    private final BenchBroadcast broadcast;
    private final List<Device> devices = new ArrayList<>();
    private volatile boolean running = true;

    Fleet(BenchSettings settings) {
        this.urls = settings.wsUrls();
        this.timeout = settings.timeout();
        this.reconnectDelay = settings.reconnectDelay();
        this.io = Executors.newFixedThreadPool(settings.ioThreads(), daemon("bench-io"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("bench-timer"));
        this.webSockets = HttpClient.newBuilder().executor(io).connectTimeout(timeout).build();
        this.appServer = HttpClient.newBuilder().executor(io).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.leanAppServer = new LeanHttpClient(settings.httpConnections(), timeout, "bench-http");
        this.connecting = new Semaphore(settings.connectConcurrency());
        this.webPush = settings.webPush() ? new WebPushLoad(settings.webPushPayload()) : null;
        this.broadcast = settings.broadcast();
    }

    /** Creates the devices, spread over the node URLs, and connects them a bounded number at a time. */
    List<Device> connect(int count, int firstIndex, Recorder recorder, boolean firstUrlOnly)
            throws InterruptedException {
        List<CompletableFuture<Void>> readies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Device device = new Device(firstIndex + i, UUID.randomUUID().toString(), firstUrlOnly ? 0 : i, this,
                    recorder);
            devices.add(device);
            // A device that never connects keeps its permit (it retries): do not wait for it forever.
            if (!connecting.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no connect completed within " + timeout + " (" + i + " of " + count
                        + " devices started); is " + urls.get(0) + " up?");
            }
            readies.add(device.connect().whenComplete((ok, error) -> connecting.release()));
        }
        try {
            CompletableFuture.allOf(readies.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis() + count * 10L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            long missing = readies.stream().filter(f -> !f.isDone()).count();
            throw new IllegalStateException(missing + " of " + count + " devices did not connect and register in time", e);
        }
        return devices;
    }

    List<Device> devices() {
        return devices;
    }

    /**
     * The URL index to try after {@code current} failed: one of the other nodes, spread by device
     * (as a load balancer would), so the devices of a lost node do not all land on the same one.
     */
    int failoverUrl(int current, int device) {
        return failoverUrl(current, device, urls.size());
    }

    static int failoverUrl(int current, int device, int urls) {
        return urls == 1 ? current : current + 1 + Math.floorMod(device, urls - 1);
    }

    URI url(int index) {
        return urls.get(Math.floorMod(index, urls.size()));
    }

    Duration timeout() {
        return timeout;
    }

    HttpClient webSockets() {
        return webSockets;
    }

    /** The app server's client for https endpoints. */
    HttpClient appServer() {
        return appServer;
    }

    /** The app server's client for plain-http endpoints: a fixed keep-alive pool per gateway. */
    LeanHttpClient leanAppServer() {
        return leanAppServer;
    }

    /** The Web Push app server of a {@code --webpush} run, or null. */
    WebPushLoad webPush() {
        return webPush;
    }

    /** The broadcast every device subscribes to in its hello, or {@link BenchBroadcast#NONE}. */
    BenchBroadcast broadcast() {
        return broadcast;
    }

    /** After a close: wait a little (jittered, as real devices do), then connect to the next node. */
    void reconnectLater(Device device) {
        if (!running) {
            return;
        }
        long base = reconnectDelay.toMillis();
        long delay = base + ThreadLocalRandom.current().nextLong(base + 1);
        timer.schedule(() -> {
            if (running && !device.offline()) {
                device.connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void log(String line) {
        System.err.println("bench: " + line);
    }

    /** Stops reconnecting and closes every socket normally. */
    @Override
    public void close() {
        running = false;
        devices.forEach(Device::close);
        timer.shutdownNow();
        leanAppServer.close();
        io.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
