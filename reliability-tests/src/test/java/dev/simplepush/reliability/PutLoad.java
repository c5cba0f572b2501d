package dev.simplepush.reliability;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * App servers: PUTs at a steady rate over keep-alive HTTP/1.1, round-robin over the gateways that
 * answer (a gateway that refuses connections is skipped for a second), each with the next version
 * of the next channel in a shuffled round-robin, so every channel gets PUTs with increasing
 * versions. Open loop: the rate does not slow down while PUTs wait (so two PUTs of one channel
 * may be in flight together, as with a real app server); a PUT that cannot start because too many
 * are in flight is counted as skipped.
 */
final class PutLoad implements AutoCloseable {
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_IN_FLIGHT = 4_000;
    private static final long TICK_MILLIS = 5;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "put-load");
        thread.setDaemon(true);
        return thread;
    });
    private final Ledger ledger;
    private final List<String> gateways;
    private final AtomicLongArray gatewayDownUntil;
    private final List<Ledger.Channel> channels;
    private int nextChannel;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicInteger nextGateway = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final double perSecond;
    private ScheduledFuture<?> ticking;
    private long startNanos;
    private long stopNanos;

    PutLoad(Ledger ledger, List<String> gateways, double perSecond) {
        this.ledger = ledger;
        this.gateways = List.copyOf(gateways);
        this.gatewayDownUntil = new AtomicLongArray(gateways.size());
        this.perSecond = perSecond;
        List<Ledger.Channel> shuffled = new ArrayList<>(ledger.channels());
        Collections.shuffle(shuffled);
        this.channels = shuffled;
    }

    void start() {
        startNanos = System.nanoTime();
        ticking = ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long due = (long) ((System.nanoTime() - startNanos) / 1e9 * perSecond);
        while (started.get() + skipped.get() < due) {
            if (!inFlight.tryAcquire()) {
                skipped.incrementAndGet();
                continue;
            }
            Ledger.Channel channel = channels.get(nextChannel);
            nextChannel = (nextChannel + 1) % channels.size();
            started.incrementAndGet();
            send(channel);
        }
    }

    private void send(Ledger.Channel channel) {
        long version = channel.nextVersion();
        int gateway = pickGateway();
        long begin = System.nanoTime();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateways.get(gateway) + channel.path))
                .timeout(PUT_TIMEOUT);
        HttpRequest request = channel.webPush
                // A Web Push POST (spec W4.2): unrestricted subscription, so no VAPID needed.
                ? builder.header("TTL", "86400").header("Content-Encoding", "aes128gcm")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(channel.nextBody(version))).build()
                : builder.header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("version=" + version)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long end = System.nanoTime();
            int status = response != null ? response.statusCode() : Ledger.NO_RESPONSE;
            if (error != null) {
                ledger.noResponse(error);
            }
            if (error != null && isConnectionRefused(error)) {
                gatewayDownUntil.set(gateway, end + TimeUnit.SECONDS.toNanos(1));
            }
            ledger.put(new Ledger.Put(channel, version, gateway, begin, end, status));
            inFlight.release();
        });
    }

    private int pickGateway() {
        long now = System.nanoTime();
        for (int i = 0; i < gateways.size(); i++) {
            int candidate = Math.floorMod(nextGateway.getAndIncrement(), gateways.size());
            if (gatewayDownUntil.get(candidate) < now) {
                return candidate;
            }
        }
        return Math.floorMod(nextGateway.getAndIncrement(), gateways.size());
    }

    private static boolean isConnectionRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** Stops starting PUTs and waits for those in flight to end. */
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        stopNanos = System.nanoTime();
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
    }

    long started() {
        return started.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** PUTs started per second, from start to stop. */
    double achievedRate() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return started.get() / ((end - startNanos) / 1e9);
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        ticker.shutdownNow();
    }
}
