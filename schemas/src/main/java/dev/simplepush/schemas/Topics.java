package dev.simplepush.schemas;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.broadcast.Broadcast;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of our topics. Every topic is keyed by uaid, except the small compacted tables
 * ({@code node-load} by node id, {@code broadcasts} by broadcast id). Names may carry a prefix so several
 * deployments (or test classes) can share a cluster.
 */
public record Topics(
        Topic<Notification> notifications,
        Topic<DeviceEvent> deviceEvents,
        Topic<NodeCommand> nodeCommands,
        Topic<GatewayReply> gatewayReplies,
        Topic<AuditEvent> audit,
        Topic<NodeLoad> nodeLoad,
        Topic<WakeRequest> wakeRequests,
        Topic<NodeCommand> deliveries,
        Topic<byte[]> deadLetters,
        Topic<Broadcast> broadcasts) {

    public static final Topics DEFAULT = withPrefix("");

    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "notifications", Serdes.String(), JsonSerde.of(Notification.class),
                        Topic.Partitioning.BY_UAID),
                new Topic<>(prefix + "device-events", Serdes.String(), JsonSerde.of(DeviceEvent.class),
                        Topic.Partitioning.BY_UAID),
                new Topic<>(prefix + "node-commands", Serdes.String(), JsonSerde.of(NodeCommand.class),
                        Topic.Partitioning.BY_NODE_ID),
                new Topic<>(prefix + "gateway-replies", Serdes.String(), JsonSerde.of(GatewayReply.class),
                        Topic.Partitioning.BY_GATEWAY_ID),
                // Partitioned like the uaid topics, so one device's history is in one known partition.
                new Topic<>(prefix + "audit", Serdes.String(), JsonSerde.of(AuditEvent.class),
                        Topic.Partitioning.BY_UAID),
                // Compacted, one partition: the newest load of every node, read whole by every
                // node with redirects enabled (spec §12).
                new Topic<>(prefix + "node-load", Serdes.String(), JsonSerde.of(NodeLoad.class),
                        Topic.Partitioning.SINGLE),
                // Written by streams-state, read by its wake dispatcher (spec §11.3).
                new Topic<>(prefix + "wake-requests", Serdes.String(), JsonSerde.of(WakeRequest.class),
                        Topic.Partitioning.BY_UAID),
                // Live deliveries (partition = nodeId), read uncommitted by the nodes so that a
                // PUT reaches a connected device without waiting for streams-state's commit
                // (docs/reliability.md, "Fast deliveries").
                new Topic<>(prefix + "deliveries", Serdes.String(), JsonSerde.of(NodeCommand.class),
                        Topic.Partitioning.BY_NODE_ID),
                // Records streams-state set aside (docs/reliability.md, "Poison records"): the input
                // as read, with Kafka Streams' error headers; keyed by uaid like its input.
                new Topic<>(prefix + "dead-letters", Serdes.String(), Serdes.ByteArray(),
                        Topic.Partitioning.BY_UAID),
                // Compacted, one partition, keyed by broadcast id: the current version of every
                // broadcast (webpush.md W6), read whole by every node and gateway.
                new Topic<>(prefix + "broadcasts", Serdes.String(), JsonSerde.of(Broadcast.class),
                        Topic.Partitioning.SINGLE));
    }

    public List<Topic<?>> all() {
        return List.of(notifications, deviceEvents, nodeCommands, gatewayReplies, audit, nodeLoad, wakeRequests, deliveries,
                deadLetters, broadcasts);
    }
}
