package dev.simplepush.node.kafka;

import dev.simplepush.node.balance.LoadTable;
import dev.simplepush.schemas.NodeLoad;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code node-load} (its one partition, assigned, from the beginning: it is compacted, so
 * that is one report per node) into a {@link LoadTable}, on a dedicated thread. A record that
 * cannot be read is logged and skipped.
 */
public final class NodeLoadReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLoadReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<NodeLoad> topic;
    private final LoadTable table;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;

    private NodeLoadReader(KafkaConsumer<String, byte[]> consumer, Topic<NodeLoad> topic, LoadTable table,
            int nodeId) {
        this.consumer = consumer;
        this.topic = topic;
        this.table = table;
        this.thread = new Thread(this::run, "node-" + nodeId + "-load-reader");
        this.thread.setDaemon(true);
    }

    /** Assigns the topic's partition from its beginning and starts reading. */
    public static NodeLoadReader start(KafkaSettings kafka, Topic<NodeLoad> topic, int nodeId, LoadTable table) {
        Map<String, Object> props = kafka.baseProperties();
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "simplepush-node-" + nodeId + "-load");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        try {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        NodeLoadReader reader = new NodeLoadReader(consumer, topic, table, nodeId);
        reader.thread.start();
        return reader;
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        handle(record);
                    }
                } catch (WakeupException e) {
                    // close() woke us: the loop condition decides
                } catch (RuntimeException e) {
                    LOG.warn("polling {} failed; retrying: {}", topic.name(), e.toString());
                    pause();
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            NodeLoad load = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (load != null) {
                table.update(load);
            }
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading and joins the thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
