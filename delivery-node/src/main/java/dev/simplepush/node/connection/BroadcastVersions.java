package dev.simplepush.node.connection;

import dev.simplepush.node.protocol.ServerMessage;
import java.util.Map;

/**
 * The broadcasts this server serves (webpush.md W6.1): given the versions a device says it has
 * (its hello's {@code broadcasts}, or a {@code broadcast_subscribe}), the ids the server knows whose
 * current version differs, with that version. An empty answer means nothing is sent. Must be
 * thread-safe: every connection of the node asks it.
 *
 * <p>A connection also {@linkplain #follow follows} the ids it subscribed to, so that a change is
 * fanned out to it ({@link BroadcastSubscriber#broadcastChanged}); the defaults follow nothing, for
 * a server without a broadcast source.
 */
@FunctionalInterface
public interface BroadcastVersions {
    /** Until the server has a broadcast source (W6.1: "it knows none"). */
    BroadcastVersions NONE = client -> Map.of();

    /** Megaphone's longest id: a 64-character broadcaster, a slash and a 128-character channel. */
    int DEFAULT_MAX_ID_LENGTH = 193;
    int DEFAULT_MAX_PER_CONNECTION = 64;

    /** @param client the device's ids and versions, as sent */
    Map<String, String> changed(Map<String, String> client);

    /** The current version of {@code id}, or null if the server knows none. */
    default String version(String id) {
        // "" is never a version (Megaphone's are 1 to 200 characters), so it differs from any.
        return changed(Map.of(id, "")).get(id);
    }

    /** From now on {@code subscriber} hears of changes of {@code id}. */
    default void follow(BroadcastSubscriber subscriber, String id) {
    }

    /** {@code subscriber} no longer hears of changes of {@code id}. */
    default void unfollow(BroadcastSubscriber subscriber, String id) {
    }

    /** The most ids one connection may subscribe to; more are ignored. */
    default int maxPerConnection() {
        return DEFAULT_MAX_PER_CONNECTION;
    }

    /** The longest id a connection may subscribe to; longer ones are ignored. */
    default int maxIdLength() {
        return DEFAULT_MAX_ID_LENGTH;
    }

    /** Counts {@code count} ids a device asked for that were ignored over the bounds above. */
    default void refused(int count) {
    }

    /**
     * The text of a {@code broadcast} frame telling one id's version: a fan-out sends the same
     * frame to every subscriber, so a server may render it once per change.
     */
    default String frame(String id, String version) {
        return new ServerMessage.Broadcast(Map.of(id, version)).toJson();
    }

    /** Counts a {@code broadcast} frame written to a device. */
    default void frameSent() {
    }
}
