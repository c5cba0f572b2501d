package dev.simplepush.state;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeHeartbeat;
import dev.simplepush.state.poison.WriteLimit;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stores of per-device state, persistent (RocksDB) and backed by a changelog topic
 * {@code <application.id>-<store>-changelog}, so a restarted or moved task gets them back exactly.
 * A device's registered channels and pending versions are one row each, keyed
 * {@code uaid/chid} ({@link StateKeys}): a register, unregister, PUT or ack writes one small row,
 * never the device's whole state, and no value grows with the number of channels.
 */
public final class StateStores {
    /**
     * uaid → {@link Registration}: the device row (last-seen time, wake data, channel count).
     * Rows of the older whole-uaid form (channel ids inside) are moved on first read.
     */
    public static final String REGISTRATIONS = "registrations";
    /** uaid/chid → {@link Channel}: one row per registered channel. */
    public static final String CHANNELS = "channels";
    /**
     * uaid/chid → {@link PendingVersion}: the unacked version of a channel. A bare-uaid key holds
     * an older {@link PendingUpdates} map, moved on first read.
     */
    public static final String PENDING = "pending";
    /** uaid → {@link Presence}: node and connection of the newest live socket. */
    public static final String PRESENCE = "presence";
    /**
     * node id → newest {@link dev.simplepush.schemas.NodeHeartbeat}: a global store (every task of
     * every instance sees all of it), filled from the compacted {@code node-heartbeats} topic, which
     * is its own changelog.
     */
    public static final String HEARTBEATS = "node-heartbeats";
    /**
     * uaid/seq → {@link StoredMessage}: the pending Web Push messages of a device, oldest first
     * ({@link PushKeys}); their counters are in the device row ({@link PushQueue}).
     */
    public static final String PUSH_MESSAGES = "push-messages";
    /** uaid/chid/kind+key → {@link PushIndexEntry}: finds a pending message by what its id names. */
    public static final String PUSH_INDEX = "push-index";

    /** The stores with a changelog topic of their own: every store but the global {@link #HEARTBEATS}. */
    public static final List<String> CHANGELOGGED =
            List.of(REGISTRATIONS, CHANNELS, PENDING, PRESENCE, PUSH_MESSAGES, PUSH_INDEX);

    private StateStores() {
    }

    static StoreBuilder<KeyValueStore<String, Registration>> registrations(WriteLimit limit) {
        return store(REGISTRATIONS, JsonSerde.of(Registration.class), limit);
    }

    static StoreBuilder<KeyValueStore<String, Channel>> channels(WriteLimit limit) {
        return store(CHANNELS, JsonSerde.of(Channel.class), limit);
    }

    static StoreBuilder<KeyValueStore<String, PendingValue>> pending(WriteLimit limit) {
        // Cached: a version acked within the commit interval it arrived in (most are, with the
        // device connected) reaches the changelog once, as the ack's tombstone, not as a row and
        // then a tombstone.
        return store(PENDING, JsonSerde.of(PendingValue.class), limit).withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, Presence>> presence(WriteLimit limit) {
        return store(PRESENCE, JsonSerde.of(Presence.class), limit);
    }

    static StoreBuilder<KeyValueStore<String, StoredMessage>> pushMessages(WriteLimit limit) {
        return store(PUSH_MESSAGES, JsonSerde.of(StoredMessage.class), limit);
    }

    static StoreBuilder<KeyValueStore<String, PushIndexEntry>> pushIndex(WriteLimit limit) {
        return store(PUSH_INDEX, JsonSerde.of(PushIndexEntry.class), limit);
    }

    static StoreBuilder<KeyValueStore<String, NodeHeartbeat>> heartbeats() {
        // Global stores restore straight from their topic and must not have a changelog of their own.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HEARTBEATS), Serdes.String(),
                JsonSerde.of(NodeHeartbeat.class)).withLoggingDisabled();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde,
            WriteLimit limit) {
        // Logging is on by default; no caching unless asked, so every write reaches the changelog
        // at the next commit and reads need no second layer. A value over the write limit throws from put(),
        // before it reaches the changelog (docs/reliability.md, "Poison records").
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                limit.guardedSerde(valueSerde, "store " + name));
    }
}
