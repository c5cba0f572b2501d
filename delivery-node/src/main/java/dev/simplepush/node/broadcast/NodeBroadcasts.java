package dev.simplepush.node.broadcast;

import dev.simplepush.node.connection.BroadcastSubscriber;
import dev.simplepush.node.connection.BroadcastVersions;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.broadcast.BroadcastReader;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcasts a node serves (webpush.md W6): the current versions (a {@link BroadcastTable}
 * that a {@link BroadcastReader} fills from the {@code broadcasts} topic), which connections
 * follow which id, and the fan-out of each change.
 *
 * <p>Fan-out without harming deliveries: changes are fanned out one at a time on a thread of
 * their own, to {@link BroadcastSettings#fanoutChunk()} connections at a time. Each connection
 * handles the change on its own serial executor, on the node's shared workers, like a delivery;
 * the next chunk is handed out only once the previous one has been handled, so a notification
 * arriving meanwhile waits behind at most one chunk of broadcast frames, never behind all of them.
 * Chunks are also paced to {@link BroadcastSettings#fanoutRate()} connections a second: unpaced,
 * 19,000 frames written in one burst held the node's cores (and the devices' network) for a
 * second, and notifications in that second waited five times longer at p99.
 * A connection tells its device the <em>current</em> version when it handles a change, so changes
 * that come fast never reach a device out of order, and a device is told each version once.
 */
public final class NodeBroadcasts implements BroadcastVersions, BroadcastReader.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeBroadcasts.class);
    /** How long a chunk may take before the fan-out moves on (a stuck connection must not stop it). */
    private static final long CHUNK_WAIT_MILLIS = 5_000;

    private final BroadcastTable table;
    private final BroadcastSettings settings;
    private final ConcurrentMap<String, Set<BroadcastSubscriber>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final ExecutorService fanout;
    private final MeterRegistry meters;
    private final List<Meter> ownMeters = new ArrayList<>();
    private final Map<String, Meter> perIdGauges = new HashMap<>();
    private final Counter changes;
    private final Counter refused;
    private final Counter frames;
    private final Timer fanoutTimer;
    /** The last frame rendered: every subscriber of a change gets the same text. */
    private volatile RenderedFrame lastFrame;

    private record RenderedFrame(String id, String version, String text) {
    }

    public NodeBroadcasts(BroadcastTable table, BroadcastSettings settings, MeterRegistry meters, String threadName) {
        this.table = table;
        this.settings = settings;
        this.meters = meters;
        this.fanout = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        ownMeters.add(Gauge.builder(MetricName.NODE_BROADCAST_IDS.meterName(), table, BroadcastTable::size)
                .description(MetricName.NODE_BROADCAST_IDS.description()).register(meters));
        ownMeters.add(Gauge.builder(MetricName.NODE_BROADCAST_SUBSCRIPTIONS.meterName(), subscriptions,
                        AtomicInteger::get)
                .description(MetricName.NODE_BROADCAST_SUBSCRIPTIONS.description()).register(meters));
        changes = register(Counter.builder(MetricName.NODE_BROADCAST_CHANGES.meterName())
                .description(MetricName.NODE_BROADCAST_CHANGES.description()).register(meters));
        refused = register(Counter.builder(MetricName.NODE_BROADCAST_SUBSCRIPTIONS_REFUSED.meterName())
                .description(MetricName.NODE_BROADCAST_SUBSCRIPTIONS_REFUSED.description()).register(meters));
        frames = register(Counter.builder(MetricName.NODE_BROADCAST_FRAMES.meterName())
                .description(MetricName.NODE_BROADCAST_FRAMES.description()).register(meters));
        fanoutTimer = register(Timer.builder(MetricName.NODE_BROADCAST_FANOUT.meterName())
                .description(MetricName.NODE_BROADCAST_FANOUT.description())
                .publishPercentileHistogram().register(meters));
    }

    private <M extends Meter> M register(M meter) {
        ownMeters.add(meter);
        return meter;
    }

    public BroadcastTable table() {
        return table;
    }

    // ---- BroadcastVersions: asked by connections ----

    @Override
    public Map<String, String> changed(Map<String, String> client) {
        Map<String, String> changed = new HashMap<>();
        client.forEach((id, version) -> {
            String current = table.version(id);
            if (current != null && !current.equals(version)) {
                changed.put(id, current);
            }
        });
        return changed;
    }

    @Override
    public String version(String id) {
        return table.version(id);
    }

    @Override
    public void follow(BroadcastSubscriber subscriber, String id) {
        if (subscribers.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(subscriber)) {
            subscriptions.incrementAndGet();
        }
    }

    @Override
    public void unfollow(BroadcastSubscriber subscriber, String id) {
        subscribers.computeIfPresent(id, (key, set) -> {
            if (set.remove(subscriber)) {
                subscriptions.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public int maxPerConnection() {
        return settings.maxPerConnection();
    }

    @Override
    public int maxIdLength() {
        return settings.maxIdLength();
    }

    @Override
    public void refused(int count) {
        refused.increment(count);
    }

    @Override
    public String frame(String id, String version) {
        RenderedFrame last = lastFrame;
        if (last == null || !last.id().equals(id) || !last.version().equals(version)) {
            last = new RenderedFrame(id, version, BroadcastVersions.super.frame(id, version));
            lastFrame = last;
        }
        return last.text();
    }

    @Override
    public void frameSent() {
        frames.increment();
    }

    /** Connections following {@code id}. */
    public int subscribers(String id) {
        Set<BroadcastSubscriber> set = subscribers.get(id);
        return set == null ? 0 : set.size();
    }

    // ---- BroadcastReader.Listener: the reader's thread ----

    @Override
    public void changed(String id, String version) {
        changes.increment();
        long readAt = System.nanoTime();
        try {
            fanout.execute(() -> {
                updateSubscriberGauge(id);
                if (version != null) {
                    fanOut(id, readAt);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("not fanning out {}: stopping", id);
        }
    }

    /** One gauge per id with a version: ids come from operators, so their number stays small. */
    private void updateSubscriberGauge(String id) {
        boolean known = table.version(id) != null;
        Meter gauge = perIdGauges.get(id);
        if (known && gauge == null) {
            perIdGauges.put(id, Gauge.builder(MetricName.NODE_BROADCAST_SUBSCRIBERS.meterName(), () -> subscribers(id))
                    .description(MetricName.NODE_BROADCAST_SUBSCRIBERS.description())
                    .tag(MetricName.NODE_BROADCAST_SUBSCRIBERS.tagKey(), id)
                    .register(meters));
        } else if (!known && gauge != null) {
            meters.remove(perIdGauges.remove(id));
        }
    }

    private void fanOut(String id, long readAt) {
        Set<BroadcastSubscriber> set = subscribers.get(id);
        List<BroadcastSubscriber> targets = set == null ? List.of() : List.copyOf(set);
        int chunk = settings.fanoutChunk();
        long start = System.nanoTime();
        try {
            for (int from = 0; from < targets.size(); from += chunk) {
                long wait = start + settings.dueNanos(from) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                List<BroadcastSubscriber> part = targets.subList(from, Math.min(targets.size(), from + chunk));
                CountDownLatch handled = new CountDownLatch(part.size());
                for (BroadcastSubscriber subscriber : part) {
                    subscriber.broadcastChanged(id, handled::countDown);
                }
                if (!handled.await(CHUNK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.warn("fan-out of {}: {} of {} connections had not handled it after {} ms; moving on", id,
                            handled.getCount(), part.size(), CHUNK_WAIT_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        fanoutTimer.record(System.nanoTime() - readAt, TimeUnit.NANOSECONDS);
        LOG.debug("fanned out {} to {} connections in {} ms", id, targets.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readAt));
    }

    /** Stops fanning out (a fan-out in progress is interrupted) and removes the meters. */
    @Override
    public void close() {
        fanout.shutdownNow();
        try {
            fanout.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownMeters.forEach(meters::remove);
        perIdGauges.values().forEach(meters::remove);
        perIdGauges.clear();
    }
}
