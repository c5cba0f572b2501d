package dev.simplepush.state;

import dev.simplepush.schemas.Update;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of the {@code pending} store: the version of every unacked update of one uaid, at most
 * one per channel (spec §13.1). Never the data: a re-delivery from storage carries none (§9.11).
 *
 * @param versions channel id → pending version
 * @param storedAt channel id → streams-state's time when that version was stored, for
 *                 {@code state.pending.ttl}; a channel missing here (a value written before
 *                 expiry existed) is stamped by the next expiry pass
 */
record PendingUpdates(Map<String, Long> versions, Map<String, Long> storedAt) {

    static final PendingUpdates NONE = new PendingUpdates(Map.of(), Map.of());

    PendingUpdates {
        versions = versions == null ? Map.of() : Map.copyOf(versions);
        storedAt = storedAt == null ? Map.of() : Map.copyOf(storedAt);
    }

    boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The pending version of a channel, or null. */
    Long versionOf(String channelId) {
        return versions.get(channelId);
    }

    PendingUpdates with(String channelId, long version, long nowMillis) {
        Map<String, Long> more = new HashMap<>(versions);
        more.put(channelId, version);
        Map<String, Long> times = new HashMap<>(storedAt);
        times.put(channelId, nowMillis);
        return new PendingUpdates(more, times);
    }

    PendingUpdates without(String channelId) {
        if (!versions.containsKey(channelId)) {
            return this;
        }
        Map<String, Long> fewer = new HashMap<>(versions);
        fewer.remove(channelId);
        Map<String, Long> times = new HashMap<>(storedAt);
        times.remove(channelId);
        return new PendingUpdates(fewer, times);
    }

    /**
     * Without the versions stored at or before {@code cutoffMillis}; channels without a time are
     * stamped {@code nowMillis}. Returns this very object when nothing changes.
     *
     * @param expired receives each dropped channel and version
     */
    PendingUpdates expire(long cutoffMillis, long nowMillis, java.util.function.BiConsumer<String, Long> expired) {
        Map<String, Long> kept = new HashMap<>();
        Map<String, Long> times = new HashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Long> entry : versions.entrySet()) {
            Long at = storedAt.get(entry.getKey());
            if (at == null) {
                at = nowMillis;
                changed = true;
            }
            if (at <= cutoffMillis) {
                expired.accept(entry.getKey(), entry.getValue());
                changed = true;
            } else {
                kept.put(entry.getKey(), entry.getValue());
                times.put(entry.getKey(), at);
            }
        }
        return changed ? new PendingUpdates(kept, times) : this;
    }

    /** Everything pending as data-less updates, in channel id order so a flush is reproducible. */
    List<Update> toUpdates() {
        return versions.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Update.of(e.getKey(), e.getValue()))
                .toList();
    }
}
