package dev.simplepush.state;

import dev.simplepush.schemas.GatewayReply;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every reply to partition {@code gatewayId} of {@code gateway-replies}, the one partition
 * that gateway instance reads. A gateway id outside the topic drops the reply (logged); the
 * gateway's own timeout then answers the PUT.
 */
public final class GatewayIdPartitioner implements StreamPartitioner<String, GatewayReply> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayIdPartitioner.class);

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, GatewayReply value, int numPartitions) {
        int gatewayId = value.gatewayId();
        if (gatewayId < 0 || gatewayId >= numPartitions) {
            LOG.warn("dropping reply {} for gateway {}: {} has only {} partitions (topics.max.gateways)",
                    value.requestId(), gatewayId, topic, numPartitions);
            return Optional.of(Set.of());
        }
        return Optional.of(Set.of(gatewayId));
    }
}
