package dev.simplepush.state;

import dev.simplepush.schemas.NodeHeartbeat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The stores of one task, seen as the state of one uaid at a time, and the heartbeats.
 *
 * <p>A device is a small row in {@code registrations} (keyed by uaid), one row per registered
 * channel in {@code channels} and one per unacked update in {@code pending} (keyed
 * {@code uaid/chid}, {@link StateKeys}). Every change writes only the rows it changes.
 *
 * <p>Values written by versions that kept a whole uaid in one value (the channel ids inside the
 * registration, every pending version in one map) are moved to rows the first time the uaid's
 * registration is read, which every event of a device does first; see {@link #registration}.
 */
final class DeviceState {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, Registration> registrations;
    private final KeyValueStore<String, Channel> channels;
    private final KeyValueStore<String, PendingValue> pending;
    private final KeyValueStore<String, Presence> presence;
    private final KeyValueStore<String, NodeHeartbeat> heartbeats;
    /** False in no-store mode: {@code pending} is never written, not even to move old values. */
    private final boolean writesPending;
    private final PushRows push;

    DeviceState(ProcessorContext<?, ?> context, boolean writesPending) {
        this.registrations = context.getStateStore(StateStores.REGISTRATIONS);
        this.channels = context.getStateStore(StateStores.CHANNELS);
        this.pending = context.getStateStore(StateStores.PENDING);
        this.presence = context.getStateStore(StateStores.PRESENCE);
        this.heartbeats = context.getStateStore(StateStores.HEARTBEATS);
        this.writesPending = writesPending;
        this.push = new PushRows(context);
    }

    /** The Web Push rows: {@code push-messages} and {@code push-index}. */
    PushRows push() {
        return push;
    }

    /** The newest heartbeat of every node (a global store: read-only here). */
    ReadOnlyKeyValueStore<String, NodeHeartbeat> heartbeats() {
        return heartbeats;
    }

    /** Every presence entry of this task, for a sweep; close the iterator. */
    KeyValueIterator<String, Presence> allPresence() {
        return presence.all();
    }

    /** Pending rows from {@code fromKey} (inclusive; null for the first), in key order; close it. */
    KeyValueIterator<String, PendingValue> pendingFrom(String fromKey) {
        return fromKey == null ? pending.all() : pending.range(fromKey, null);
    }

    /** Registrations from {@code fromKey} (inclusive; null for the first), in key order; close it. */
    KeyValueIterator<String, Registration> registrationsFrom(String fromKey) {
        return fromKey == null ? registrations.all() : registrations.range(fromKey, null);
    }

    /**
     * The device row, or null when the uaid is unknown. A row of the older whole-uaid form is
     * first moved to per-channel rows (with the uaid's pending map), so what is returned is
     * always of the current form.
     */
    Registration registration(String uaid) {
        Registration registration = registrations.get(uaid);
        if (registration == null || !registration.isLegacy()) {
            return registration;
        }
        for (String channelId : registration.legacyChannelIds()) {
            channels.put(StateKeys.channel(uaid, channelId), new Channel(0));
        }
        Registration moved = registration.withoutLegacyChannels();
        registrations.put(uaid, moved);
        movePendingMap(uaid, registration.lastSeenMillis());
        return moved;
    }

    /** Stores the device row; its channels are written with {@link #addChannel} and {@link #removeChannel}. */
    void putRegistration(String uaid, Registration registration) {
        registrations.put(uaid, registration);
    }

    boolean hasChannel(String uaid, String channelId) {
        return channels.get(StateKeys.channel(uaid, channelId)) != null;
    }

    void addChannel(String uaid, String channelId, long nowMillis) {
        channels.put(StateKeys.channel(uaid, channelId), new Channel(nowMillis));
    }

    void removeChannel(String uaid, String channelId) {
        channels.delete(StateKeys.channel(uaid, channelId));
    }

    /** The pending version of one channel, or null. */
    PendingVersion pendingOf(String uaid, String channelId) {
        return pending.get(StateKeys.channel(uaid, channelId)) instanceof PendingVersion version ? version : null;
    }

    /** Every pending version of the uaid, by channel id in order; empty, never null. */
    SortedMap<String, PendingVersion> pending(String uaid) {
        SortedMap<String, PendingVersion> all = new TreeMap<>();
        try (KeyValueIterator<String, PendingValue> rows = pending.prefixScan(StateKeys.prefix(uaid), KEYS)) {
            while (rows.hasNext()) {
                KeyValue<String, PendingValue> row = rows.next();
                if (row.value instanceof PendingVersion version) {
                    all.put(StateKeys.channelIdOf(row.key), version);
                }
            }
        }
        return all;
    }

    void putPending(String uaid, String channelId, PendingVersion version) {
        pending.put(StateKeys.channel(uaid, channelId), version);
    }

    /** Drops a channel's pending version; writes nothing when there is none. */
    void clearPending(String uaid, String channelId) {
        String key = StateKeys.channel(uaid, channelId);
        if (pending.get(key) != null) {
            dropRow(pending, key);
        }
    }

    /** Drops a pending row by its key, known to be there (the expiry pass found it, or an ack just read it). */
    void deletePendingRow(String key) {
        dropRow(pending, key);
    }

    /**
     * A tombstone without reading the row first: {@code delete} returns the old value, so it
     * reads and deserializes it, and on the ack path nobody wants it (1 % of a saturated dev
     * mode's CPU). A null {@code put} is a delete in every store layer and in the changelog.
     */
    private static <V> void dropRow(KeyValueStore<String, V> store, String key) {
        store.put(key, null);
    }

    /**
     * Replaces an older whole-uaid pending map by rows. In no-store mode it is left alone: it is
     * ignored there, and dropped with the uaid if the uaid is forgotten.
     *
     * @param defaultStoredAt the time for versions the map has none for (written before expiry)
     */
    void movePendingMap(String uaid, long defaultStoredAt) {
        if (!writesPending || !(pending.get(uaid) instanceof PendingUpdates map)) {
            return;
        }
        for (Map.Entry<String, Long> entry : map.versions().entrySet()) {
            long storedAt = map.storedAt().getOrDefault(entry.getKey(), defaultStoredAt);
            pending.put(StateKeys.channel(uaid, entry.getKey()), new PendingVersion(entry.getValue(), storedAt));
        }
        pending.delete(uaid);
    }

    /** The newest live connection, or null when the device is offline. */
    Presence presence(String uaid) {
        return presence.get(uaid);
    }

    void putPresence(String uaid, Presence value) {
        presence.put(uaid, value);
    }

    void clearPresence(String uaid) {
        presence.delete(uaid);
    }

    /**
     * Forgets the uaid entirely, every row of it: afterwards it is unknown (spec §3.3 rule 4).
     *
     * @return the Web Push messages that were pending, now gone
     */
    List<PushRows.Pending> forget(String uaid) {
        registrations.delete(uaid);
        deleteRows(channels, uaid);
        // Read first so that no-store mode, where pending is always empty, never writes to it.
        if (pending.get(uaid) != null) {
            pending.delete(uaid);
        }
        deleteRows(pending, uaid);
        presence.delete(uaid);
        return push.forget(uaid);
    }

    /** Deletes the uaid's rows of a per-channel store, reading their keys first. */
    private static <V> void deleteRows(KeyValueStore<String, V> store, String uaid) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> rows = store.prefixScan(StateKeys.prefix(uaid), KEYS)) {
            while (rows.hasNext()) {
                keys.add(rows.next().key);
            }
        }
        keys.forEach(store::delete);
    }
}
