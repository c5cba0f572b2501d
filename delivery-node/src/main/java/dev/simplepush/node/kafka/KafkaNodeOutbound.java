package dev.simplepush.node.kafka;

import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.connection.NodeOutbound;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeHeartbeat;
import dev.simplepush.schemas.NodeLoad;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends device events and gateway replies with one idempotent producer (acks=all, linger {@code node.producer.linger}).
 * Values are serialised here with the topic serdes so one producer serves all three topics: audit
 * records too, unless audit is off.
 */
public final class KafkaNodeOutbound implements NodeOutbound, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNodeOutbound.class);

    private static final JsonSerde<NodeHeartbeat> HEARTBEAT_SERDE = JsonSerde.of(NodeHeartbeat.class);
    private static final JsonSerde<NodeLoad> LOAD_SERDE = JsonSerde.of(NodeLoad.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final boolean audit;
    private final Runnable auditFailed;

    KafkaNodeOutbound(Producer<String, byte[]> producer, Topics topics) {
        this(producer, topics, false, () -> { });
    }

    KafkaNodeOutbound(Producer<String, byte[]> producer, Topics topics, boolean audit, Runnable auditFailed) {
        this.producer = producer;
        this.topics = topics;
        this.audit = audit;
        this.auditFailed = auditFailed;
    }

    /** A producer for node {@code nodeId}, with topic metadata fetched so sends do not block an IO thread. */
    public static KafkaNodeOutbound create(KafkaSettings kafka, Topics topics, int nodeId) {
        return create(kafka, topics, nodeId, false, () -> { }, NodeConfig.DEFAULT_PRODUCER_LINGER);
    }

    /**
     * As {@link #create(KafkaSettings, Topics, int)}, writing audit records if {@code audit};
     * {@code auditFailed} runs once per audit record that could not be written; {@code linger} is
     * the producer's {@code linger.ms} unless {@code kafka.client.linger.ms} sets it.
     */
    public static KafkaNodeOutbound create(KafkaSettings kafka, Topics topics, int nodeId, boolean audit,
            Runnable auditFailed, Duration linger) {
        Map<String, Object> props = kafka.baseProperties();
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "simplepush-node-" + nodeId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        // send() runs on connection worker threads: when Kafka is unreachable it may wait this long
        // for buffer space, not the default minute. Topic metadata fetched below is kept, not
        // dropped after five idle minutes, so a quiet node's next send does not wait for it.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        props.putIfAbsent(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Duration.ofDays(1).toMillis());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
        try {
            producer.partitionsFor(topics.deviceEvents().name());
            producer.partitionsFor(topics.gatewayReplies().name());
            if (audit) {
                producer.partitionsFor(topics.audit().name());
            }
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new KafkaNodeOutbound(producer, topics, audit, auditFailed);
    }

    /** Binds the producer's client metrics; close the result to unbind them. */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    @Override
    public void publish(DeviceEvent event) {
        String topic = topics.deviceEvents().name();
        byte[] value = topics.deviceEvents().valueSerde().serializer().serialize(topic, event);
        producer.send(new ProducerRecord<>(topic, event.uaid(), value), (metadata, error) -> {
            if (error != null) {
                LOG.warn("could not send {} of connection {}: {}", event.getClass().getSimpleName(),
                        event.connectionId(), error.toString());
            }
        });
    }

    @Override
    public void reply(String uaid, GatewayReply reply) {
        String topic = topics.gatewayReplies().name();
        byte[] value = topics.gatewayReplies().valueSerde().serializer().serialize(topic, reply);
        producer.send(new ProducerRecord<>(topic, reply.gatewayId(), uaid, value), (metadata, error) -> {
            if (error != null) {
                LOG.warn("could not send the {} reply of request {} to gateway {}: {}", reply.outcome(),
                        reply.requestId(), reply.gatewayId(), error.toString());
            }
        });
    }

    /**
     * Sends a heartbeat to {@code topic}, keyed by node id.
     *
     * @return completes when the broker has it (acks=all)
     */
    public Future<RecordMetadata> heartbeat(String topic, NodeHeartbeat heartbeat) {
        byte[] value = HEARTBEAT_SERDE.serialize(topic, heartbeat);
        return producer.send(new ProducerRecord<>(topic, NodeHeartbeat.key(heartbeat.nodeId()), value),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("could not send the heartbeat of node {}: {}", heartbeat.nodeId(), error.toString());
                    }
                });
    }

    /** Sends this node's load to {@code topic} ({@code node-load}), keyed by node id. */
    public Future<RecordMetadata> load(String topic, NodeLoad load) {
        byte[] value = LOAD_SERDE.serialize(topic, load);
        return producer.send(new ProducerRecord<>(topic, NodeLoad.key(load.nodeId()), value), (metadata, error) -> {
            if (error != null) {
                LOG.warn("could not send the load of node {}: {}", load.nodeId(), error.toString());
            }
        });
    }

    @Override
    public void audit(AuditEvent event) {
        if (!audit) {
            return;
        }
        String topic = topics.audit().name();
        try {
            byte[] value = topics.audit().valueSerde().serializer().serialize(topic, event);
            producer.send(new ProducerRecord<>(topic, null, event.time(), event.uaid(), value), (metadata, error) -> {
                if (error != null) {
                    auditFailed(event, error.toString());
                }
            });
        } catch (RuntimeException e) {
            auditFailed(event, e.toString());
        }
    }

    private void auditFailed(AuditEvent event, String why) {
        auditFailed.run();
        LOG.warn("could not write the {} audit record of {}: {}", event.getClass().getSimpleName(), event.uaid(), why);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
