package dev.simplepush.schemas.broadcast;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The current version of every broadcast, as read from the {@code broadcasts} topic. Thread-safe:
 * one reader thread applies records, any thread reads.
 *
 * <p>Each entry remembers the offset it came from, and an older offset never replaces a newer
 * one: a writer may apply its own record as soon as Kafka acknowledges it (so a GET right after
 * its PUT sees it) while the reader applies it again later, possibly after a newer record of
 * another writer.
 */
public final class BroadcastTable {
    /** One id's current version and the offset of the record that set it. */
    public record Entry(Broadcast broadcast, long offset) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Applies the record at {@code offset} for {@code id}; {@code broadcast} null is a tombstone.
     *
     * @return true if the id's version changed (a new id, another version, or a removal)
     */
    public boolean apply(long offset, String id, Broadcast broadcast) {
        boolean[] changed = {false};
        entries.compute(id, (key, old) -> {
            if (old != null && old.offset() >= offset) {
                return old;
            }
            if (broadcast == null) {
                changed[0] = old != null;
                return null;
            }
            changed[0] = old == null || !old.broadcast().version().equals(broadcast.version());
            return new Entry(broadcast, offset);
        });
        return changed[0];
    }

    /** The current version of {@code id}, or null if none is set. */
    public String version(String id) {
        Entry entry = entries.get(id);
        return entry == null ? null : entry.broadcast().version();
    }

    /** Every id and its version, sorted by id. */
    public Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        entries.forEach((id, entry) -> versions.put(id, entry.broadcast().version()));
        return versions;
    }

    /** Every id with its record, sorted by id. */
    public Map<String, Entry> entries() {
        return new TreeMap<>(entries);
    }

    /** How many ids have a version. */
    public int size() {
        return entries.size();
    }
}
