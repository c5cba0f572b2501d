package dev.simplepush.node.transport;

import java.time.Duration;

/**
 * What one socket may cost the listener, before and after the upgrade; see {@code NodeConfig}
 * for the keys and defaults.
 *
 * @param maxConnections     TCP connections the listener holds at once, WebSockets and sockets
 *                           still sending their request head alike; an upgrade beyond it gets 503.
 *                           0 for no limit
 * @param requestHeadTimeout how long a connection may take to send its whole request head, and
 *                           how long it may sit without starting one; 0 for never
 * @param frameReadTimeout   how long a frame (or a fragmented message) may stay half received
 *                           before its socket is dropped; 0 for never. An idle socket between
 *                           frames is not affected
 * @param maxOutboundBytes   bytes of frames one socket may have queued but not yet written; a
 *                           write beyond it drops the socket (the device is not reading)
 * @param writeTimeout       how long a queued frame may wait to be written before the socket is
 *                           dropped; 0 for never
 */
public record TransportLimits(
        int maxConnections,
        Duration requestHeadTimeout,
        Duration frameReadTimeout,
        long maxOutboundBytes,
        Duration writeTimeout) {

    /** No connection limit, and the defaults of {@code NodeConfig} otherwise. */
    public static final TransportLimits DEFAULT = new TransportLimits(0, Duration.ofSeconds(10),
            Duration.ofSeconds(30), 2L * 1024 * 1024, Duration.ofSeconds(30));

    public TransportLimits {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must not be negative");
        }
        if (maxOutboundBytes < 1) {
            throw new IllegalArgumentException("maxOutboundBytes must be positive");
        }
        requireNotNegative(requestHeadTimeout, "requestHeadTimeout");
        requireNotNegative(frameReadTimeout, "frameReadTimeout");
        requireNotNegative(writeTimeout, "writeTimeout");
    }

    public TransportLimits withMaxConnections(int max) {
        return new TransportLimits(max, requestHeadTimeout, frameReadTimeout, maxOutboundBytes, writeTimeout);
    }

    public TransportLimits withReadTimeouts(Duration requestHead, Duration frameRead) {
        return new TransportLimits(maxConnections, requestHead, frameRead, maxOutboundBytes, writeTimeout);
    }

    public TransportLimits withOutbound(long maxBytes, Duration timeout) {
        return new TransportLimits(maxConnections, requestHeadTimeout, frameReadTimeout, maxBytes, timeout);
    }

    /**
     * The accept limit: a little above {@link #maxConnections()}, so that the upgrades refused
     * with 503 can still be answered, while the process never holds more sockets than this. 0
     * for no limit.
     */
    public int acceptHighWater() {
        return maxConnections == 0 ? 0 : maxConnections + Math.max(32, maxConnections / 50);
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
