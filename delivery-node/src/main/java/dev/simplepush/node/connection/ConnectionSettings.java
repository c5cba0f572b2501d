package dev.simplepush.node.connection;

import dev.simplepush.schemas.config.RateLimit;
import java.time.Duration;

/**
 * The settings a connection needs; see {@code NodeConfig} for keys and defaults.
 *
 * @param nodeId            this node's id, named in every device event
 * @param endpointBase      the start of every push endpoint, without a trailing slash
 * @param maxQueuedMessages messages that may wait behind an unanswered request before the socket
 *                          is closed with 1008
 * @param maxQueuedChars    characters those messages may hold in all, so one device cannot pin
 *                          up to {@code maxQueuedMessages} messages of the largest size in memory
 * @param helloTimeout      how long a socket may go without a completed hello; zero means forever
 * @param minPingInterval   the least time between two answered pings; zero means no limit
 * @param requestTimeout    how long to wait for streams-state before answering 503
 * @param longPongs         answer a ping with {@code {"messageType":"ping","status":200}} instead of
 *                          {@code {}} (spec §8.2)
 * @param wakeIdleTimeout   after a hello with well-formed wake data, how long the socket may go
 *                          without a frame either way before it is closed with 4774 (spec §11.4);
 *                          zero means never. Positive only when a wake-up driver is configured
 * @param messageRate       messages (text or binary) a device may send: a token bucket per
 *                          connection, one token a message plus one per 16 KiB of it; one
 *                          finding too few closes the socket with 1008
 * @param webPushEnabled    a hello with {@code use_webpush: true} puts the connection in data
 *                          mode (webpush.md W1.1); false answers every hello in SimplePush mode
 */
public record ConnectionSettings(
        int nodeId,
        String endpointBase,
        int maxQueuedMessages,
        long maxQueuedChars,
        Duration helloTimeout,
        Duration minPingInterval,
        Duration requestTimeout,
        boolean longPongs,
        Duration wakeIdleTimeout,
        RateLimit messageRate,
        boolean webPushEnabled) {

    public ConnectionSettings {
        wakeIdleTimeout = wakeIdleTimeout == null ? Duration.ZERO : wakeIdleTimeout;
        messageRate = messageRate == null ? RateLimit.OFF : messageRate;
    }

    /** With Web Push on. */
    public ConnectionSettings(int nodeId, String endpointBase, int maxQueuedMessages, long maxQueuedChars,
            Duration helloTimeout, Duration minPingInterval, Duration requestTimeout, boolean longPongs,
            Duration wakeIdleTimeout, RateLimit messageRate) {
        this(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout, minPingInterval, requestTimeout,
                longPongs, wakeIdleTimeout, messageRate, true);
    }

    /** Without a message rate limit. */
    public ConnectionSettings(int nodeId, String endpointBase, int maxQueuedMessages, long maxQueuedChars,
            Duration helloTimeout, Duration minPingInterval, Duration requestTimeout, boolean longPongs,
            Duration wakeIdleTimeout) {
        this(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout, minPingInterval, requestTimeout,
                longPongs, wakeIdleTimeout, RateLimit.OFF);
    }

    /** With another message rate limit. */
    public ConnectionSettings withMessageRate(RateLimit rate) {
        return new ConnectionSettings(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout,
                minPingInterval, requestTimeout, longPongs, wakeIdleTimeout, rate, webPushEnabled);
    }

    /** With Web Push data mode on or off. */
    public ConnectionSettings withWebPush(boolean enabled) {
        return new ConnectionSettings(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout,
                minPingInterval, requestTimeout, longPongs, wakeIdleTimeout, messageRate, enabled);
    }

    /** Never closing with 4774. */
    public ConnectionSettings(int nodeId, String endpointBase, int maxQueuedMessages, long maxQueuedChars,
            Duration helloTimeout, Duration minPingInterval, Duration requestTimeout, boolean longPongs) {
        this(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout, minPingInterval, requestTimeout,
                longPongs, Duration.ZERO);
    }

    /** With short pongs, the default. */
    public ConnectionSettings(int nodeId, String endpointBase, int maxQueuedMessages, long maxQueuedChars,
            Duration helloTimeout, Duration minPingInterval, Duration requestTimeout) {
        this(nodeId, endpointBase, maxQueuedMessages, maxQueuedChars, helloTimeout, minPingInterval, requestTimeout,
                false);
    }
}
