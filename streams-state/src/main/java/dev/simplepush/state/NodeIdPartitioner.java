package dev.simplepush.state;

import dev.simplepush.schemas.NodeCommand;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every command to partition {@code nodeId} of {@code node-commands}, the one partition that
 * node reads. A node id outside the topic drops the command (logged): no node could read it, and
 * failing the send would stop the stream thread on the same record again and again.
 */
public final class NodeIdPartitioner implements StreamPartitioner<String, NodeCommand> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdPartitioner.class);

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, NodeCommand value, int numPartitions) {
        int nodeId = value.nodeId();
        if (nodeId < 0 || nodeId >= numPartitions) {
            LOG.warn("dropping {} for node {}: {} has only {} partitions (topics.max.nodes)",
                    value.getClass().getSimpleName(), nodeId, topic, numPartitions);
            return Optional.of(Set.of());
        }
        return Optional.of(Set.of(nodeId));
    }
}
