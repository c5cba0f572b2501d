package dev.simplepush.schemas;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.time.Duration;

/**
 * How many partitions each kind of topic gets, and with what replication.
 *
 * @param uaidPartitions    partitions of the uaid-hashed topics; {@code notifications} and
 *                          {@code device-events} must have the same count (they are co-partitioned)
 * @param maxNodes          partitions of {@code node-commands}: node ids are 0..maxNodes-1
 * @param maxGateways       partitions of {@code gateway-replies}: gateway ids are 0..maxGateways-1
 * @param replicationFactor replication of every topic; 3 in production, 1 on a single broker
 * @param minInsyncReplicas {@code min.insync.replicas} of every topic
 * @param auditRetention    {@code topics.audit.retention.ms}, default 30 days: {@code retention.ms}
 *                          the {@code audit} topic is created with; negative keeps records forever.
 *                          Applied when the topic is created; change an existing topic's with
 *                          {@code kafka-configs --alter --add-config retention.ms=...}
 */
public record TopicLayout(int uaidPartitions, int maxNodes, int maxGateways, short replicationFactor,
        int minInsyncReplicas, Duration auditRetention) {
    public static final String AUDIT_RETENTION_KEY = "topics.audit.retention.ms";
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(30);

    public TopicLayout {
        if (uaidPartitions < 1) {
            throw new IllegalConfigurationException("topics.uaid.partitions", "must be at least 1");
        }
        if (maxNodes < 1) {
            throw new IllegalConfigurationException("topics.max.nodes", "must be at least 1");
        }
        if (maxGateways < 1) {
            throw new IllegalConfigurationException("topics.max.gateways", "must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalConfigurationException("topics.replication.factor", "must be at least 1");
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalConfigurationException("topics.min.insync.replicas",
                    "must be between 1 and the replication factor (" + replicationFactor + ")");
        }
    }

    /** With the default audit retention. */
    public TopicLayout(int uaidPartitions, int maxNodes, int maxGateways, short replicationFactor,
            int minInsyncReplicas) {
        this(uaidPartitions, maxNodes, maxGateways, replicationFactor, minInsyncReplicas, DEFAULT_AUDIT_RETENTION);
    }

    public static TopicLayout from(ConfigSource config) {
        short replication = (short) config.getInt("topics.replication.factor", 3, 1, Short.MAX_VALUE);
        return new TopicLayout(
                config.getInt("topics.uaid.partitions", 12, 1, 10_000),
                config.getInt("topics.max.nodes", 16, 1, 10_000),
                config.getInt("topics.max.gateways", 16, 1, 10_000),
                replication,
                config.getInt("topics.min.insync.replicas", Math.min(2, replication), 1, Short.MAX_VALUE),
                auditRetention(config));
    }

    /** A duration, or {@code -1} for no time limit. */
    private static Duration auditRetention(ConfigSource config) {
        String raw = config.raw(AUDIT_RETENTION_KEY);
        if ("-1".equals(raw)) {
            return Duration.ofMillis(-1);
        }
        Duration retention = config.getDuration(AUDIT_RETENTION_KEY, DEFAULT_AUDIT_RETENTION);
        if (retention.isZero()) {
            throw new IllegalConfigurationException(AUDIT_RETENTION_KEY, "must be positive, or -1 for no limit");
        }
        return retention;
    }

    /** {@code retention.ms} of the audit topic: milliseconds, or -1 for no limit. */
    public long auditRetentionMillis() {
        return auditRetention.isNegative() ? -1 : auditRetention.toMillis();
    }

    public int partitions(Topic.Partitioning partitioning) {
        return switch (partitioning) {
            case BY_UAID -> uaidPartitions;
            case BY_NODE_ID -> maxNodes;
            case BY_GATEWAY_ID -> maxGateways;
            case SINGLE -> 1;
        };
    }
}
