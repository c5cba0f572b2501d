package dev.simplepush.schemas;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code node-heartbeats} topic: one partition, compacted, keyed by node id, so it holds the
 * newest {@link NodeHeartbeat} of every node that ever ran. It sits beside {@link Topics} rather
 * than in it because its shape differs (one partition whatever the layout, compacted) and it is
 * read as a whole by every streams-state instance.
 */
public final class NodeHeartbeats {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeats.class);
    public static final String NAME = "node-heartbeats";
    private static final long TIMEOUT_SECONDS = 60;

    private NodeHeartbeats() {
    }

    /** The topic for a deployment's {@code topics.prefix}. */
    public static Topic<NodeHeartbeat> topic(String prefix) {
        // Partitioning is moot: the topic has one partition and is never addressed by partition.
        return new Topic<>(prefix + NAME, Serdes.String(), JsonSerde.of(NodeHeartbeat.class),
                Topic.Partitioning.BY_NODE_ID);
    }

    /** Creates the topic if it is missing (idempotent; racing creators are fine). */
    public static void ensureTopic(Admin admin, String name, TopicLayout layout) {
        NewTopic newTopic = new NewTopic(name, 1, layout.replicationFactor()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()),
                // A heartbeat is stale within seconds: compact often so a restarted reader loads
                // one record per node, not an hour of beats.
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(TimeUnit.MINUTES.toMillis(10)),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1"));
        try {
            if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(name)) {
                return;
            }
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created topic {} (compacted, 1 partition, replication {})", name,
                    layout.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
        // Wait until the topic's metadata is visible, as ensureTopics does for the others.
        TopicAdmin.partitionCount(admin, name);
    }
}
