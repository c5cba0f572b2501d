package dev.simplepush.state;

import dev.simplepush.schemas.NodeHeartbeat;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The three stores of one task, seen as the state of one uaid at a time, and the heartbeats. */
final class DeviceState {
    private final KeyValueStore<String, Registration> registrations;
    private final KeyValueStore<String, PendingUpdates> pending;
    private final KeyValueStore<String, Presence> presence;
    private final KeyValueStore<String, NodeHeartbeat> heartbeats;

    DeviceState(ProcessorContext<?, ?> context) {
        this.registrations = context.getStateStore(StateStores.REGISTRATIONS);
        this.pending = context.getStateStore(StateStores.PENDING);
        this.presence = context.getStateStore(StateStores.PRESENCE);
        this.heartbeats = context.getStateStore(StateStores.HEARTBEATS);
    }

    /** The newest heartbeat of every node (a global store: read-only here). */
    ReadOnlyKeyValueStore<String, NodeHeartbeat> heartbeats() {
        return heartbeats;
    }

    /** Every presence entry of this task, for a sweep; close the iterator. */
    KeyValueIterator<String, Presence> allPresence() {
        return presence.all();
    }

    /** Pending entries from {@code fromKey} (inclusive; null for the first), in key order; close it. */
    KeyValueIterator<String, PendingUpdates> pendingFrom(String fromKey) {
        return fromKey == null ? pending.all() : pending.range(fromKey, null);
    }

    /** Registrations from {@code fromKey} (inclusive; null for the first), in key order; close it. */
    KeyValueIterator<String, Registration> registrationsFrom(String fromKey) {
        return fromKey == null ? registrations.all() : registrations.range(fromKey, null);
    }

    /** The registration, or null when the uaid is unknown. */
    Registration registration(String uaid) {
        return registrations.get(uaid);
    }

    void putRegistration(String uaid, Registration registration) {
        registrations.put(uaid, registration);
    }

    /** The pending updates; never null. */
    PendingUpdates pending(String uaid) {
        PendingUpdates value = pending.get(uaid);
        return value == null ? PendingUpdates.NONE : value;
    }

    /** Stores the pending updates, deleting the entry once nothing is left. */
    void putPending(String uaid, PendingUpdates updates) {
        if (updates.isEmpty()) {
            pending.delete(uaid);
        } else {
            pending.put(uaid, updates);
        }
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

    /** Forgets the uaid entirely: afterwards it is unknown (spec §3.3 rule 4). */
    void forget(String uaid) {
        registrations.delete(uaid);
        // Read first so that no-store mode, where pending is always empty, never writes to it.
        if (pending.get(uaid) != null) {
            pending.delete(uaid);
        }
        presence.delete(uaid);
    }
}
