package dev.simplepush.gateway;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this gateway's partition of {@code gateway-replies} on a thread of its own and hands each
 * outcome to its waiter. The partition is assigned (no group) and positioned at its end before
 * the HTTP listener opens: replies of an earlier life of this gateway id have no waiter anyway.
 */
final class ReplyListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);
    private static final long ERROR_BACKOFF_MILLIS = 1_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final Deserializer<GatewayReply> deserializer;
    private final ReplyWaiters waiters;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running = true;
    /** When the last poll returned without error; read by health checks on other threads. */
    private volatile long lastPollNanos = System.nanoTime();

    private ReplyListener(KafkaSettings kafka, Topic<GatewayReply> topic, int gatewayId, ReplyWaiters waiters) {
        this.partition = new TopicPartition(topic.name(), gatewayId);
        this.deserializer = topic.valueSerde().deserializer();
        this.waiters = waiters;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, gatewayId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "gateway-" + gatewayId + "-replies");
    }

    /** Returns once the consumer is positioned at the end of the partition and polling. */
    static ReplyListener start(KafkaSettings kafka, Topic<GatewayReply> topic, int gatewayId, ReplyWaiters waiters) {
        ReplyListener listener = new ReplyListener(kafka, topic, gatewayId, waiters);
        try {
            listener.consumer.assign(List.of(listener.partition));
            listener.consumer.seekToEnd(List.of(listener.partition));
            // seekToEnd is lazy: position() makes it happen now, before any PUT is accepted.
            long position = listener.consumer.position(listener.partition, POSITION_TIMEOUT);
            LOG.info("reading replies from {} at offset {}", listener.partition, position);
        } catch (RuntimeException e) {
            listener.consumer.close();
            throw e;
        }
        listener.thread.start();
        return listener;
    }

    static Map<String, Object> consumerProperties(KafkaSettings kafka, int gatewayId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "simplepush-gateway-" + gatewayId + "-replies");
        // Replies written inside a Streams transaction count only once it commits.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(kafka.baseProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                    lastPollNanos = System.nanoTime();
                } catch (WakeupException e) {
                    continue;
                } catch (RuntimeException e) {
                    LOG.error("polling {} failed; retrying", partition, e);
                    awaitStop(ERROR_BACKOFF_MILLIS);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record);
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Binds the consumer's client metrics; close the result to unbind them. */
    KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        // metrics() is safe to call from other threads, unlike the rest of the consumer.
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    TopicPartition partition() {
        return partition;
    }

    /** Whether the polling thread is still running; it only ends on {@link #close()} or a fatal error. */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** Time since the last poll that returned without an error. */
    Duration sinceLastPoll() {
        return Duration.ofNanos(System.nanoTime() - lastPollNanos);
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        GatewayReply reply;
        try {
            reply = deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable reply at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (reply == null || reply.requestId() == null) {
            LOG.warn("skipping empty reply at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        waiters.complete(reply);
    }

    private void awaitStop(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops polling, closes the consumer and joins the thread. */
    @Override
    public void close() {
        running = false;
        stop.countDown();
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("thread {} did not stop within 10s", thread.getName());
        }
    }
}
