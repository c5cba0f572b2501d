package dev.simplepush.state;

import dev.simplepush.schemas.audit.AuditEvent.RemoveReason;
import dev.simplepush.state.PushRows.Pending;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Expires one task's pending versions and idle uaids, a bounded batch per run: each run looks at
 * up to {@code batch} entries of each store, resuming after the last one the previous run saw and
 * wrapping round at the end. A store of N entries is thus covered every N / batch runs, and one
 * run never holds the stream thread for long, however large the store.
 *
 * <p>Pending versions (one row per channel) expire {@code state.pending.ttl} after they were
 * stored; a pending map of an older version met on the way is first turned into rows. A uaid expires
 * {@code state.uaid.ttl} after it was last seen (hello, register, ack), unless it is connected
 * now; it is forgotten entirely, so its endpoints answer 404 and its next hello starts afresh,
 * and its Web Push messages with it. A Web Push message expires when its TTL runs out (spec W3.3:
 * never sent after that); the device row's counters are updated once per uaid of the batch.
 */
final class ExpiryPass {
    private final DeviceState state;
    private final Housekeeping settings;
    private final Consumer<Expired> expired;
    private final PushRemovals pushRemoved;
    private String pendingCursor;
    private String registrationsCursor;
    private String pushCursor;

    /** Told of every Web Push message dropped by a pass. */
    interface PushRemovals {
        void removed(String uaid, StoredMessage message, RemoveReason reason);

        /**
         * After a uaid's expired messages are removed, before its device row is written: expired
         * messages in flight free their slots of the window, which a live connection may now use.
         */
        default void expired(String uaid, PushEdit queue, Registration registration) {
        }
    }

    ExpiryPass(DeviceState state, Housekeeping settings, Consumer<Expired> expired) {
        this(state, settings, expired, (uaid, message, reason) -> { });
    }

    /**
     * @param expired     told of every expiry, after it is applied (the audit hook)
     * @param pushRemoved told of every Web Push message an expiry dropped
     */
    ExpiryPass(DeviceState state, Housekeeping settings, Consumer<Expired> expired, PushRemovals pushRemoved) {
        this.state = state;
        this.settings = settings;
        this.expired = expired;
        this.pushRemoved = pushRemoved;
    }

    void run(long nowMillis) {
        pendingCursor = expirePending(nowMillis);
        registrationsCursor = expireUaids(nowMillis);
        pushCursor = expirePushMessages(nowMillis);
    }

    private String expirePushMessages(long nowMillis) {
        List<KeyValue<String, StoredMessage>> batch = new ArrayList<>();
        String next = read(state.push().messagesFrom(pushCursor), batch);
        Map<String, List<Pending>> byUaid = new LinkedHashMap<>();
        for (KeyValue<String, StoredMessage> entry : batch) {
            if (entry.value.expiredBy(nowMillis)) {
                byUaid.computeIfAbsent(StateKeys.uaidOf(entry.key), k -> new ArrayList<>())
                        .add(new Pending(PushKeys.seqOf(entry.key), entry.value));
            }
        }
        byUaid.forEach((uaid, expiredMessages) -> {
            Registration registration = state.registration(uaid);
            PushEdit queue = new PushEdit(uaid, registration == null ? PushQueue.EMPTY : registration.queue(),
                    state.push());
            for (Pending pending : expiredMessages) {
                queue.remove(pending);
                pushRemoved.removed(uaid, pending.message(), RemoveReason.EXPIRED);
            }
            if (registration != null) {
                pushRemoved.expired(uaid, queue, registration);
                state.putRegistration(uaid, registration.withQueue(queue.toQueue()));
            }
        });
        return next;
    }

    /** Returns where the next run starts: null to start over. */
    private String expirePending(long nowMillis) {
        long cutoff = nowMillis - settings.pendingTtl().toMillis();
        List<KeyValue<String, PendingValue>> batch = new ArrayList<>();
        String next = read(state.pendingFrom(pendingCursor), batch);
        for (KeyValue<String, PendingValue> entry : batch) {
            if (entry.value instanceof PendingVersion version) {
                if (version.storedAtMillis() <= cutoff) {
                    state.deletePendingRow(entry.key);
                    expired.accept(new Expired(StateKeys.uaidOf(entry.key), StateKeys.channelIdOf(entry.key),
                            version.version(), Expired.Reason.PENDING_TTL, nowMillis));
                }
            } else if (entry.value instanceof PendingUpdates) {
                // A map of an older version, of a uaid untouched since the upgrade: into rows,
                // which a later pass judges (versions it has no time for are stamped now).
                state.movePendingMap(entry.key, nowMillis);
            }
        }
        return next;
    }

    private String expireUaids(long nowMillis) {
        long cutoff = nowMillis - settings.uaidTtl().toMillis();
        List<KeyValue<String, Registration>> batch = new ArrayList<>();
        String next = read(state.registrationsFrom(registrationsCursor), batch);
        for (KeyValue<String, Registration> entry : batch) {
            // A connected device is in use however long ago it said anything we record.
            if (entry.value.lastSeenMillis() <= cutoff && state.presence(entry.key) == null) {
                List<Pending> messages = state.forget(entry.key);
                expired.accept(new Expired(entry.key, null, 0L, Expired.Reason.UAID_TTL, nowMillis));
                messages.forEach(pending -> pushRemoved.removed(entry.key, pending.message(), RemoveReason.RESET));
            }
        }
        return next;
    }

    /**
     * Reads up to a batch of entries (changes are applied after the iterator is closed) and
     * returns the key after them, or null at the end of the store.
     */
    private <V> String read(KeyValueIterator<String, V> entries, List<KeyValue<String, V>> batch) {
        try (entries) {
            while (entries.hasNext()) {
                KeyValue<String, V> entry = entries.next();
                if (batch.size() == settings.expiryBatch()) {
                    return entry.key;
                }
                batch.add(entry);
            }
            return null;
        }
    }
}
