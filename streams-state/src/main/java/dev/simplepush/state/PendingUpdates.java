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
 */
record PendingUpdates(Map<String, Long> versions) {

    static final PendingUpdates NONE = new PendingUpdates(Map.of());

    PendingUpdates {
        versions = versions == null ? Map.of() : Map.copyOf(versions);
    }

    boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The pending version of a channel, or null. */
    Long versionOf(String channelId) {
        return versions.get(channelId);
    }

    PendingUpdates with(String channelId, long version) {
        Map<String, Long> more = new HashMap<>(versions);
        more.put(channelId, version);
        return new PendingUpdates(more);
    }

    PendingUpdates without(String channelId) {
        if (!versions.containsKey(channelId)) {
            return this;
        }
        Map<String, Long> fewer = new HashMap<>(versions);
        fewer.remove(channelId);
        return new PendingUpdates(fewer);
    }

    /** Everything pending as data-less updates, in channel id order so a flush is reproducible. */
    List<Update> toUpdates() {
        return versions.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Update.of(e.getKey(), e.getValue()))
                .toList();
    }
}
