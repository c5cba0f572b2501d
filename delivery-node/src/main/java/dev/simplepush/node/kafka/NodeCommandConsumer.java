package dev.simplepush.node.kafka;

import dev.simplepush.node.connection.NodeCommandDispatcher;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this node's own partition of {@code node-commands} (or of {@code deliveries}) on a
 * dedicated thread and hands each command to the dispatcher. The partition is assigned (no
 * consumer group) and positioned at its end before {@link #start()}: commands written while no
 * node owned it were for connections that no longer exist. A record that cannot be read is logged
 * and skipped.
 */
public final class NodeCommandConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommandConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<NodeCommand> topic;
    private final NodeCommandDispatcher dispatcher;
    private final Thread thread;
    private final TopicPartition partition;
    private volatile boolean running = true;
    /** When the last poll returned without error; read by health checks on other threads. */
    private volatile long lastPollNanos = System.nanoTime();
    private boolean started;
    private boolean closed;

    private NodeCommandConsumer(KafkaConsumer<String, byte[]> consumer, Topic<NodeCommand> topic,
            NodeCommandDispatcher dispatcher, int nodeId, String role) {
        this.consumer = consumer;
        this.topic = topic;
        this.dispatcher = dispatcher;
        this.thread = new Thread(this::run, "node-" + role + "-" + nodeId);
        this.partition = new TopicPartition(topic.name(), nodeId);
    }

    /** Assigns partition {@code nodeId} and seeks to its end; the thread starts with {@link #start()}. */
    public static NodeCommandConsumer create(KafkaSettings kafka, Topic<NodeCommand> topic, int nodeId,
            NodeCommandDispatcher dispatcher) {
        return create(kafka, topic, nodeId, dispatcher, false);
    }

    /**
     * As {@link #create(KafkaSettings, Topic, int, NodeCommandDispatcher)}; {@code readUncommitted}
     * only for {@code deliveries}, whose records are safe to act on before streams-state commits
     * (docs/reliability.md, "Fast deliveries").
     */
    public static NodeCommandConsumer create(KafkaSettings kafka, Topic<NodeCommand> topic, int nodeId,
            NodeCommandDispatcher dispatcher, boolean readUncommitted) {
        String role = readUncommitted ? "deliveries" : "commands";
        Map<String, Object> props = kafka.baseProperties();
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "simplepush-node-" + nodeId + "-" + role);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // assign(), never a group: a group.id passed through kafka.client.* must not make it join one.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Commands from an aborted streams-state transaction must never reach a device: under
        // exactly_once_v2 they are the first attempt of records that are being processed again,
        // and a hello or register answer may then differ. Live deliveries are the exception: the
        // replay sends the same versions again. Not overridable through kafka.client.*.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readUncommitted ? "read_uncommitted" : "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        try {
            TopicPartition partition = new TopicPartition(topic.name(), nodeId);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            long position = consumer.position(partition);
            LOG.info("node {} reads {} from offset {}", nodeId, partition, position);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        return new NodeCommandConsumer(consumer, topic, dispatcher, nodeId, role);
    }

    public synchronized void start() {
        started = true;
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                    lastPollNanos = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        handle(record);
                    }
                } catch (WakeupException e) {
                    // close() woke us: the loop condition decides
                } catch (RuntimeException e) {
                    LOG.error("polling {} failed; retrying", topic.name(), e);
                    pause();
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Binds the consumer's client metrics; close the result to unbind them. */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        // metrics() is safe to call from other threads, unlike the rest of the consumer.
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** The partition this node reads. */
    public TopicPartition partition() {
        return partition;
    }

    /** Whether the polling thread runs: from {@link #start()} until {@link #close()} or a fatal error. */
    public boolean isPolling() {
        return thread.isAlive();
    }

    /** Time since the last poll that returned without an error (or since creation, before any). */
    public Duration sinceLastPoll() {
        return Duration.ofNanos(System.nanoTime() - lastPollNanos);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        NodeCommand command;
        try {
            command = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (command == null) {
            return;
        }
        try {
            dispatcher.dispatch(command);
        } catch (RuntimeException e) {
            LOG.error("failed to dispatch {} for connection {}", command.getClass().getSimpleName(),
                    command.connectionId(), e);
        }
    }

    /** Stops polling, closes the consumer and joins the thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (!started) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
