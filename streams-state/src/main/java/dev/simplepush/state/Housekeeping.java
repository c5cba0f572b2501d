package dev.simplepush.state;

import java.time.Duration;

/**
 * The wall-clock work of the topology: judging delivery nodes dead by their heartbeats, and
 * expiring pending versions and idle uaids.
 *
 * @param heartbeatTopic    the {@code node-heartbeats} topic (with {@code topics.prefix})
 * @param nodeDeadAfter     {@code state.node.dead.after}: a node whose heartbeat has not changed
 *                          for this long, on streams-state's clock, is dead: PUTs for devices it
 *                          held are stored (202) at once and presence naming it is cleared
 * @param nodeCheckInterval {@code state.node.check.interval}: how often each task looks at the
 *                          heartbeats; detection takes up to {@code nodeDeadAfter} plus this
 * @param pendingTtl        {@code state.pending.ttl}: a pending version older than this is dropped
 * @param uaidTtl           {@code state.uaid.ttl}: a uaid not seen (hello, register, ack) for this
 *                          long, and not connected, is forgotten with its channels
 * @param expiryInterval    {@code state.expiry.interval}: how often each task runs an expiry pass
 * @param expiryBatch       {@code state.expiry.batch}: entries each pass looks at per store; a
 *                          pass resumes where the previous one stopped
 */
public record Housekeeping(
        String heartbeatTopic,
        Duration nodeDeadAfter,
        Duration nodeCheckInterval,
        Duration pendingTtl,
        Duration uaidTtl,
        Duration expiryInterval,
        int expiryBatch) {

    public static final Duration DEFAULT_NODE_DEAD_AFTER = Duration.ofSeconds(6);
    public static final Duration DEFAULT_NODE_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofDays(3);
    public static final Duration DEFAULT_UAID_TTL = Duration.ofDays(60);
    public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_EXPIRY_BATCH = 1_000;

    public Housekeeping {
        if (heartbeatTopic == null || heartbeatTopic.isBlank()) {
            throw new IllegalArgumentException("heartbeatTopic must not be empty");
        }
        requirePositive("nodeDeadAfter", nodeDeadAfter);
        requirePositive("nodeCheckInterval", nodeCheckInterval);
        requirePositive("pendingTtl", pendingTtl);
        requirePositive("uaidTtl", uaidTtl);
        requirePositive("expiryInterval", expiryInterval);
        if (expiryBatch < 1) {
            throw new IllegalArgumentException("expiryBatch must be at least 1: " + expiryBatch);
        }
    }

    /** The defaults, reading heartbeats from {@code heartbeatTopic}. */
    public static Housekeeping defaults(String heartbeatTopic) {
        return new Housekeeping(heartbeatTopic, DEFAULT_NODE_DEAD_AFTER, DEFAULT_NODE_CHECK_INTERVAL,
                DEFAULT_PENDING_TTL, DEFAULT_UAID_TTL, DEFAULT_EXPIRY_INTERVAL, DEFAULT_EXPIRY_BATCH);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
