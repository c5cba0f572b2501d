package dev.simplepush.schemas.broadcast;

import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Reads the {@code broadcasts} topic into a {@link BroadcastTable} on a thread of its own: its one
 * partition, assigned (no group), from the beginning, then follows it. Compacted, the topic holds
 * one record per id, so a start reads the current table and not its history. Each change is handed
 * to a {@link Listener} after the table has it. A record that cannot be read is logged and skipped.
 */
public final class BroadcastReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** Hears of each id whose version changed, after the table has it; on the reader's thread. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (id, version) -> {
        };

        /** @param version the new version, or null if the id was removed */
        void changed(String id, String version);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<Broadcast> topic;
    private final TopicPartition partition;
    private final BroadcastTable table;
    private final Listener listener;
    private final long endAtStart;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean closed;

    private BroadcastReader(KafkaConsumer<String, byte[]> consumer, Topic<Broadcast> topic, BroadcastTable table,
            Listener listener, long endAtStart, String threadName) {
        this.consumer = consumer;
        this.topic = topic;
        this.partition = new TopicPartition(topic.name(), 0);
        this.table = table;
        this.listener = listener;
        this.endAtStart = endAtStart;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        if (endAtStart == 0) {
            loaded.countDown();
        }
    }

    /**
     * Starts reading from the beginning.
     *
     * @param clientId the consumer's client id, which also names the thread
     */
    public static BroadcastReader start(KafkaSettings kafka, Topic<Broadcast> topic, String clientId,
            BroadcastTable table, Listener listener) {
        Map<String, Object> props = kafka.baseProperties();
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Only committed records: a set is acknowledged to its writer once it is in the log.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        try {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).getOrDefault(partition, 0L);
            long begin = consumer.beginningOffsets(List.of(partition), Duration.ofSeconds(30))
                    .getOrDefault(partition, 0L);
            BroadcastReader reader = new BroadcastReader(consumer, topic, table, listener, end <= begin ? 0 : end,
                    clientId);
            reader.thread.start();
            return reader;
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /**
     * Waits until everything the topic held at start has been read.
     *
     * @return true if it has, false on timeout
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the reading thread is alive. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        handle(record);
                    }
                    if (loaded.getCount() > 0 && consumer.position(partition) >= endAtStart) {
                        loaded.countDown();
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
        String id = record.key();
        if (id == null) {
            return;
        }
        Broadcast broadcast;
        try {
            broadcast = record.value() == null ? null
                    : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (broadcast != null && (!id.equals(broadcast.id()) || !BroadcastIds.validVersion(broadcast.version()))) {
            LOG.warn("skipping an invalid broadcast record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        if (table.apply(record.offset(), id, broadcast)) {
            try {
                listener.changed(id, broadcast == null ? null : broadcast.version());
            } catch (RuntimeException e) {
                LOG.error("a broadcast listener failed on {}", id, e);
            }
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
