package dev.simplepush.state;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The meters of one streams-state instance: Kafka Streams' own metrics (threads, tasks, stores,
 * its clients), {@link MetricName#STATE_PENDING} and {@link MetricName#STATE_ACK_ENTRIES_IGNORED}.
 *
 * <p>The pending gauge asks the store for its approximate entry count at scrape time rather than
 * keeping a running count in the processor: a count kept in memory would start from zero after
 * every restart or rebalance, while the store's estimate (a RocksDB property, no scan) is right
 * after either. It counts unacked updates (one row per channel), not devices.
 */
final class StateMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Gauge pending;
    private final FunctionCounter ignoredAcks;
    private final Gauge webPushPending;
    private final List<FunctionCounter> webPushCounters = new ArrayList<>();

    StateMetrics(MeterRegistry registry, KafkaStreams streams) {
        this.registry = registry;
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        this.pending = Gauge.builder(MetricName.STATE_PENDING.meterName(), streams, StateMetrics::pendingDevices)
                .description(MetricName.STATE_PENDING.description())
                .strongReference(true)
                .register(registry);
        this.ignoredAcks = FunctionCounter.builder(MetricName.STATE_ACK_ENTRIES_IGNORED.meterName(), streams,
                        s -> IgnoredAcks.total(s.metrics()))
                .description(MetricName.STATE_ACK_ENTRIES_IGNORED.description())
                .register(registry);
        this.webPushPending = Gauge.builder(MetricName.STATE_WEBPUSH_PENDING.meterName(), streams,
                        s -> approximateEntries(s, StateStores.PUSH_MESSAGES))
                .description(MetricName.STATE_WEBPUSH_PENDING.description())
                .strongReference(true)
                .register(registry);
        // One counter per tag value of each, summed at scrape time over the tasks' sensors
        // (WebPushCounters): a value no task has counted yet reads 0.
        for (MetricName metric : List.of(MetricName.STATE_WEBPUSH_BODY_BYTES, MetricName.STATE_WEBPUSH_ROUTED,
                MetricName.STATE_WEBPUSH_ACKS, MetricName.STATE_WEBPUSH_NACKS, MetricName.STATE_WEBPUSH_REMOVED)) {
            for (String tag : metric.tagValues()) {
                webPushCounters.add(FunctionCounter.builder(metric.meterName(), streams,
                                s -> WebPushCounters.total(s.metrics(), metric, tag))
                        .description(metric.description())
                        .tag(metric.tagKey(), tag)
                        .register(registry));
            }
        }
    }

    /** The pending store's estimate over the active tasks here; NaN while it cannot be queried. */
    static double pendingDevices(KafkaStreams streams) {
        return approximateEntries(streams, StateStores.PENDING);
    }

    /** A store's estimate over the active tasks here; NaN while it cannot be queried. */
    static double approximateEntries(KafkaStreams streams, String storeName) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<Object, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                    storeName, QueryableStoreTypes.keyValueStore()));
            return store.approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            // A rebalance began between the check and the query.
            return Double.NaN;
        }
    }

    /** Unbinds every meter, so a closed instance leaves nothing behind in a shared registry. */
    @Override
    public void close() {
        registry.remove(pending);
        registry.remove(ignoredAcks);
        registry.remove(webPushPending);
        webPushCounters.forEach(registry::remove);
        streamsMetrics.close();
    }
}
