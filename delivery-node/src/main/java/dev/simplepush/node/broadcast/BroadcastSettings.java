package dev.simplepush.node.broadcast;

import dev.simplepush.node.connection.BroadcastVersions;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;

/**
 * How a node serves broadcasts (webpush.md W6); keys in docs/configuration.md.
 *
 * @param maxPerConnection {@code node.max.broadcasts.per.connection} (default 64): ids one
 *                         connection may subscribe to; more are ignored (Firefox subscribes to one)
 * @param maxIdLength      {@code node.max.broadcast.id.length} (default 193, Megaphone's longest
 *                         id): longer ids are ignored
 * @param fanoutChunk      {@code node.broadcast.fanout.chunk} (default 256): connections handed a
 *                         change at a time; the next chunk waits until these have handled it, so
 *                         notifications queue behind at most one chunk of broadcast frames
 */
public record BroadcastSettings(int maxPerConnection, int maxIdLength, int fanoutChunk) {
    public static final String MAX_PER_CONNECTION = "node.max.broadcasts.per.connection";
    public static final String MAX_ID_LENGTH = "node.max.broadcast.id.length";
    public static final String FANOUT_CHUNK = "node.broadcast.fanout.chunk";
    public static final int DEFAULT_FANOUT_CHUNK = 256;
    public static final BroadcastSettings DEFAULT = new BroadcastSettings(BroadcastVersions.DEFAULT_MAX_PER_CONNECTION,
            BroadcastVersions.DEFAULT_MAX_ID_LENGTH, DEFAULT_FANOUT_CHUNK);

    public BroadcastSettings {
        if (maxPerConnection < 0) {
            throw new IllegalConfigurationException(MAX_PER_CONNECTION, "must not be negative (0 serves none)");
        }
        if (maxIdLength < 3) {
            throw new IllegalConfigurationException(MAX_ID_LENGTH, "must be at least 3 (an id is a/b)");
        }
        if (fanoutChunk < 1) {
            throw new IllegalConfigurationException(FANOUT_CHUNK, "must be at least 1");
        }
    }

    public static BroadcastSettings from(ConfigSource config) {
        return new BroadcastSettings(
                config.getInt(MAX_PER_CONNECTION, BroadcastVersions.DEFAULT_MAX_PER_CONNECTION, 0, 10_000),
                config.getInt(MAX_ID_LENGTH, BroadcastVersions.DEFAULT_MAX_ID_LENGTH, 3, 10_000),
                config.getInt(FANOUT_CHUNK, DEFAULT_FANOUT_CHUNK, 1, 1_000_000));
    }
}
