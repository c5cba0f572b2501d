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
 * @param fanoutChunk      {@code node.broadcast.fanout.chunk} (default 64): connections handed a
 *                         change at a time; the next chunk waits until these have handled it, so
 *                         notifications queue behind at most one chunk of broadcast frames
 * @param fanoutRate       {@code node.broadcast.fanout.rate} (default 12,000): connections told
 *                         a change per second at most, so a fan-out's writes are spread over time
 *                         instead of taking the node's (and its network's) whole capacity at once:
 *                         19,000 subscribers take about 1.6 s; 0 fans out as fast as the node can
 */
public record BroadcastSettings(int maxPerConnection, int maxIdLength, int fanoutChunk, int fanoutRate) {
    public static final String MAX_PER_CONNECTION = "node.max.broadcasts.per.connection";
    public static final String MAX_ID_LENGTH = "node.max.broadcast.id.length";
    public static final String FANOUT_CHUNK = "node.broadcast.fanout.chunk";
    public static final String FANOUT_RATE = "node.broadcast.fanout.rate";
    public static final int DEFAULT_FANOUT_CHUNK = 64;
    public static final int DEFAULT_FANOUT_RATE = 12_000;
    public static final BroadcastSettings DEFAULT = new BroadcastSettings(BroadcastVersions.DEFAULT_MAX_PER_CONNECTION,
            BroadcastVersions.DEFAULT_MAX_ID_LENGTH, DEFAULT_FANOUT_CHUNK, DEFAULT_FANOUT_RATE);

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
        if (fanoutRate < 0) {
            throw new IllegalConfigurationException(FANOUT_RATE, "must not be negative (0 does not pace)");
        }
    }

    /** The nanoseconds from a fan-out's start by which {@code told} connections may have been told. */
    public long dueNanos(long told) {
        return fanoutRate == 0 ? 0 : told * 1_000_000_000L / fanoutRate;
    }

    public static BroadcastSettings from(ConfigSource config) {
        return new BroadcastSettings(
                config.getInt(MAX_PER_CONNECTION, BroadcastVersions.DEFAULT_MAX_PER_CONNECTION, 0, 10_000),
                config.getInt(MAX_ID_LENGTH, BroadcastVersions.DEFAULT_MAX_ID_LENGTH, 3, 10_000),
                config.getInt(FANOUT_CHUNK, DEFAULT_FANOUT_CHUNK, 1, 1_000_000),
                config.getInt(FANOUT_RATE, DEFAULT_FANOUT_RATE, 0, 100_000_000));
    }
}
