package dev.simplepush.state;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The three stores of one task, seen as the state of one uaid at a time. */
final class DeviceState {
    private final KeyValueStore<String, Registration> registrations;
    private final KeyValueStore<String, PendingUpdates> pending;
    private final KeyValueStore<String, Presence> presence;

    DeviceState(ProcessorContext<?, ?> context) {
        this.registrations = context.getStateStore(StateStores.REGISTRATIONS);
        this.pending = context.getStateStore(StateStores.PENDING);
        this.presence = context.getStateStore(StateStores.PRESENCE);
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
        pending.delete(uaid);
        presence.delete(uaid);
    }
}
