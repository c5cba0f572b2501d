package dev.simplepush.state;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeHeartbeat;
import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.state.poison.WriteLimit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The streams-state topology, a pure function of topic names and rules.
 *
 * <pre>
 * notifications ─┐                                  ┌─▶ node-commands   (partition = nodeId)
 *                ├─▶ device-state [registrations,   ┤
 * device-events ─┘  channels, pending, presence,    ├─▶ gateway-replies (partition = gatewayId)
 *                   push-messages, push-index]      │
 *                          ▲                        ├─▶ audit           (keyed by uaid; if enabled)
 *                          │                        ├─▶ wake-requests   (keyed by uaid; if a wake driver is set)
 *                          │                        └─▶ deliveries      (partition = nodeId; with fast deliveries)
 * node-heartbeats ─▶ global store [node-heartbeats]
 * </pre>
 *
 * <p>Every value written, to a sink or a store, is held to a {@link WriteLimit}: one over it never
 * reaches the producer, and its record is set aside (docs/reliability.md, "Poison records").
 *
 * <p>Both sources are keyed by uaid and co-partitioned, so one task sees every fact about a
 * device, in order, and owns its rows in all six stores.
 */
public final class StateTopology {
    static final String NOTIFICATIONS_SOURCE = "notifications-source";
    static final String DEVICE_EVENTS_SOURCE = "device-events-source";
    static final String PROCESSOR = "device-state";
    static final String NODE_COMMANDS_SINK = "node-commands-sink";
    static final String GATEWAY_REPLIES_SINK = "gateway-replies-sink";
    static final String HEARTBEATS_SOURCE = "node-heartbeats-source";
    static final String HEARTBEATS_PROCESSOR = "node-heartbeats-store";
    static final String AUDIT_SINK = "audit-sink";
    static final String WAKE_REQUESTS_SINK = "wake-requests-sink";
    static final String DELIVERIES_SINK = "deliveries-sink";

    private StateTopology() {
    }

    /** With the default housekeeping, heartbeats from the unprefixed {@code node-heartbeats}, audit on. */
    public static Topology build(Topics topics, StateRules rules) {
        return build(topics, rules, Housekeeping.defaults(NodeHeartbeats.NAME), AuditSettings.ON);
    }

    public static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping) {
        return build(topics, rules, housekeeping, AuditSettings.ON);
    }

    /** With audit records written to {@code audit} only if {@code audit} is enabled. */
    public static Topology build(Topics topics, StateRules rules, AuditSettings audit) {
        return build(topics, rules, Housekeeping.defaults(NodeHeartbeats.NAME), audit);
    }

    public static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit) {
        return build(topics, rules, housekeeping, audit, WakePolicy.OFF);
    }

    /** With wake requests written to {@code wake-requests} when {@code wake} is enabled (spec §11.3). */
    public static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake) {
        return build(topics, rules, housekeeping, audit, wake, WriteLimit.DEFAULT);
    }

    /** With every value written (outputs and store values) held to {@code limit}. */
    public static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake, WriteLimit limit) {
        return build(topics, rules, housekeeping, audit, wake, limit, WebPushRules.defaults());
    }

    /** With Web Push messages kept and sent under {@code webPush} (spec W3.4, W4.7, W3.9). */
    public static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake, WriteLimit limit, WebPushRules webPush) {
        return build(topics, rules, housekeeping, audit, wake, limit, webPush, new NodeIdPartitioner(),
                new GatewayIdPartitioner());
    }

    /**
     * With other partitioners: TopologyTestDriver gives every output topic a single partition,
     * where the real ones would drop commands for node 1 and up.
     */
    static Topology build(Topics topics, StateRules rules,
            StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, Housekeeping.defaults(NodeHeartbeats.NAME), AuditSettings.ON, nodePartitioner,
                gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping,
            StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, housekeeping, AuditSettings.ON, nodePartitioner, gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, AuditSettings audit,
            StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, Housekeeping.defaults(NodeHeartbeats.NAME), audit, nodePartitioner,
                gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, housekeeping, audit, WakePolicy.OFF, nodePartitioner, gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake, StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, housekeeping, audit, wake, WriteLimit.DEFAULT, nodePartitioner, gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake, WriteLimit limit, StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        return build(topics, rules, housekeeping, audit, wake, limit, WebPushRules.defaults(), nodePartitioner,
                gatewayPartitioner);
    }

    static Topology build(Topics topics, StateRules rules, Housekeeping housekeeping, AuditSettings audit,
            WakePolicy wake, WriteLimit limit, WebPushRules webPush,
            StreamPartitioner<String, NodeCommand> nodePartitioner,
            StreamPartitioner<String, GatewayReply> gatewayPartitioner) {
        Topology topology = new Topology();
        topology.addSource(NOTIFICATIONS_SOURCE,
                topics.notifications().keySerde().deserializer(),
                topics.notifications().valueSerde().deserializer(),
                topics.notifications().name());
        topology.addSource(DEVICE_EVENTS_SOURCE,
                topics.deviceEvents().keySerde().deserializer(),
                topics.deviceEvents().valueSerde().deserializer(),
                topics.deviceEvents().name());
        topology.addProcessor(PROCESSOR,
                () -> new DeviceStateProcessor(rules, housekeeping, audit.enabled(), wake, webPush, limit),
                NOTIFICATIONS_SOURCE, DEVICE_EVENTS_SOURCE);
        topology.addStateStore(StateStores.registrations(limit), PROCESSOR);
        topology.addStateStore(StateStores.channels(limit), PROCESSOR);
        topology.addStateStore(StateStores.pending(limit), PROCESSOR);
        topology.addStateStore(StateStores.presence(limit), PROCESSOR);
        topology.addStateStore(StateStores.pushMessages(limit), PROCESSOR);
        topology.addStateStore(StateStores.pushIndex(limit), PROCESSOR);
        // Every task judges every node, so the heartbeats are a global store, connected to the
        // processor by name.
        topology.addGlobalStore(StateStores.heartbeats(), HEARTBEATS_SOURCE,
                new StringDeserializer(), JsonSerde.of(NodeHeartbeat.class),
                housekeeping.heartbeatTopic(), HEARTBEATS_PROCESSOR, HeartbeatStoreUpdater::new);
        topology.addSink(NODE_COMMANDS_SINK, topics.nodeCommands().name(),
                topics.nodeCommands().keySerde().serializer(),
                limit.guard(topics.nodeCommands().valueSerde().serializer(), topics.nodeCommands().name()),
                nodePartitioner, PROCESSOR);
        topology.addSink(GATEWAY_REPLIES_SINK, topics.gatewayReplies().name(),
                topics.gatewayReplies().keySerde().serializer(),
                limit.guard(topics.gatewayReplies().valueSerde().serializer(), topics.gatewayReplies().name()),
                gatewayPartitioner, PROCESSOR);
        if (audit.enabled()) {
            // The default partitioner: murmur2 of the uaid, like every uaid-keyed topic, so the
            // audit command finds a device's records in the partition UaidPartitioner names.
            topology.addSink(AUDIT_SINK, topics.audit().name(),
                    topics.audit().keySerde().serializer(),
                    limit.guard(topics.audit().valueSerde().serializer(), topics.audit().name()),
                    PROCESSOR);
        }
        if (rules.fastDeliveries()) {
            // Read uncommitted by the nodes: a live delivery leaves with the producer's next batch
            // instead of the transaction's commit (docs/reliability.md, "Fast deliveries").
            topology.addSink(DELIVERIES_SINK, topics.deliveries().name(),
                    topics.deliveries().keySerde().serializer(),
                    limit.guard(topics.deliveries().valueSerde().serializer(), topics.deliveries().name()),
                    nodePartitioner, PROCESSOR);
        }
        if (wake.enabled()) {
            // Through a sink, so a wake request commits with the state that called for it, and a
            // replayed PUT (exactly-once) never asks twice. Partitioned by uaid like the inputs.
            topology.addSink(WAKE_REQUESTS_SINK, topics.wakeRequests().name(),
                    topics.wakeRequests().keySerde().serializer(),
                    limit.guard(topics.wakeRequests().valueSerde().serializer(), topics.wakeRequests().name()),
                    PROCESSOR);
        }
        return topology;
    }
}
