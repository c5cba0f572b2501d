package dev.simplepush.node.connection;

import java.util.Map;

/**
 * The broadcasts this server serves (webpush.md W6.1): given the versions a device says it has
 * (its hello's {@code broadcasts}, or a {@code broadcast_subscribe}), the ids the server knows whose
 * current version differs, with that version. An empty answer means nothing is sent. Must be
 * thread-safe: every connection of the node asks it.
 */
@FunctionalInterface
public interface BroadcastVersions {
    /** Until the server has a broadcast source (W6.1: "it knows none"). */
    BroadcastVersions NONE = client -> Map.of();

    /** @param client the device's ids and versions, as sent */
    Map<String, String> changed(Map<String, String> client);
}
