package dev.simplepush.node.connection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One connection's broadcast subscriptions (webpush.md W6): each id it subscribed to, with the
 * version its device has as far as this node knows (what it sent, or what it was told since).
 * Bounded: at most {@link BroadcastVersions#maxPerConnection()} ids of at most
 * {@link BroadcastVersions#maxIdLength()} characters; the rest of a request is ignored (and
 * counted), never an error, since a Firefox must not be disconnected over broadcasts.
 *
 * <p>Touched only by its connection's serial executor.
 */
final class ConnectionBroadcasts {
    /** Longer client versions can equal no server version (Megaphone's are at most 200 characters). */
    private static final int MAX_VERSION_LENGTH = 200;

    private final BroadcastVersions served;
    private final BroadcastSubscriber owner;
    private final Map<String, String> known = new HashMap<>(2);
    /** Ids that changed while the connection could not write them (between a hello reply and its flush). */
    private Set<String> deferred;

    ConnectionBroadcasts(BroadcastVersions served, BroadcastSubscriber owner) {
        this.served = served;
        this.owner = owner;
    }

    /**
     * A hello: its {@code broadcasts} replace the subscriptions (Gecko sends every one in each hello).
     *
     * @return the ids whose current version differs from the device's, with that version
     */
    Map<String, String> replace(Map<String, String> client) {
        clear();
        return add(client);
    }

    /**
     * A {@code broadcast_subscribe}: adds (or updates) subscriptions.
     *
     * @return the ids whose current version differs from the device's, with that version
     */
    Map<String, String> add(Map<String, String> client) {
        if (client.isEmpty()) {
            return Map.of();
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        int refused = 0;
        for (Map.Entry<String, String> entry : client.entrySet()) {
            String id = entry.getKey();
            if (id.length() > served.maxIdLength() || (!known.containsKey(id) && known.size() >= served.maxPerConnection())) {
                refused++;
                continue;
            }
            String version = entry.getValue() == null || entry.getValue().length() > MAX_VERSION_LENGTH
                    ? "" : entry.getValue();
            if (!known.containsKey(id)) {
                // Followed before the versions are compared: a change racing this is either seen
                // below or fanned out to us afterwards, never missed.
                served.follow(owner, id);
            }
            known.put(id, version);
            accepted.put(id, version);
        }
        if (refused > 0) {
            served.refused(refused);
        }
        Map<String, String> changed = accepted.isEmpty() ? Map.of() : served.changed(accepted);
        Map<String, String> told = new HashMap<>();
        changed.forEach((id, version) -> {
            if (known.containsKey(id)) {
                known.put(id, version);
                told.put(id, version);
            }
        });
        return told;
    }

    /**
     * A change of {@code id} was fanned out to this connection.
     *
     * @return the version to tell the device, or null if it has it or does not follow {@code id}
     */
    String changed(String id) {
        String had = known.get(id);
        if (had == null) {
            return null;
        }
        String current = served.version(id);
        if (current == null || current.equals(had)) {
            return null;
        }
        known.put(id, current);
        return current;
    }

    /** Holds a change back until {@link #releaseDeferred()}. */
    void defer(String id) {
        if (known.containsKey(id)) {
            if (deferred == null) {
                deferred = new HashSet<>(2);
            }
            deferred.add(id);
        }
    }

    /** The held-back changes that the device still needs, each with its current version. */
    Map<String, String> releaseDeferred() {
        if (deferred == null) {
            return Map.of();
        }
        Map<String, String> release = new HashMap<>();
        for (String id : deferred) {
            String version = changed(id);
            if (version != null) {
                release.put(id, version);
            }
        }
        deferred = null;
        return release;
    }

    /** Unfollows every id: the connection is gone, or a new hello replaces them. */
    void clear() {
        known.keySet().forEach(id -> served.unfollow(owner, id));
        known.clear();
        deferred = null;
    }
}
