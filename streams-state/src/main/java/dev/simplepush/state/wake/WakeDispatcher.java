package dev.simplepush.state.wake;

import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code wake-requests} and hands each request to the {@link WakeDriver}, off the Kafka
 * Streams threads (a driver blocks on the network).
 *
 * <p>A consumer group ({@code <state.application.id>-wake}), read_committed so it sees only wake
 * requests whose state change committed, with offsets committed after the driver calls of a batch
 * have finished: at least once. A failed call is retried after a doubling backoff up to
 * {@code wake.retry.max} times, then dropped with a WARN. Waking is best effort; the update stays
 * stored and the device gets it at its next connection whatever happens here.
 *
 * <p>A batch runs on {@code wake.threads} threads; batches are small (
 * {@value #MAX_POLL_RECORDS} records) so that one full of failing calls stays far below the
 * consumer's poll interval.
 *
 * <p>An unexpected error from the consumer (an authorization change, a broker bug) does not stop
 * waking for the life of the process: the consumer is closed and a new one joins the group after
 * a doubling pause ({@value #RESTART_BACKOFF_MIN_MILLIS} ms up to {@value #RESTART_BACKOFF_MAX_MILLIS}
 * ms), reading again from the last committed batch.
 */
public final class WakeDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WakeDispatcher.class);
    static final int MAX_POLL_RECORDS = 50;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final long RESTART_BACKOFF_MIN_MILLIS = 100;
    static final long RESTART_BACKOFF_MAX_MILLIS = 30_000;

    private final WakeDriver driver;
    private final Topic<WakeRequest> topic;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final long restartBackoffMinMillis;
    private volatile Consumer<byte[], byte[]> consumer;
    private final ExecutorService workers;
    private final WakeMetrics metrics;
    private final WakeAttempts attempts;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicInteger restarts = new AtomicInteger();
    private boolean committedSinceStart;

    WakeDispatcher(WakeConfig config, WakeDriver driver, Topic<WakeRequest> topic,
            Supplier<Consumer<byte[], byte[]>> consumers, long restartBackoffMinMillis, MeterRegistry registry) {
        this.driver = driver;
        this.topic = topic;
        this.consumers = consumers;
        this.restartBackoffMinMillis = restartBackoffMinMillis;
        this.metrics = new WakeMetrics(registry);
        this.attempts = new WakeAttempts(config, driver, metrics, () -> running);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread worker = new Thread(runnable, "wake-driver-" + threads.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        this.thread = new Thread(this::run, "wake-dispatcher");
        this.thread.setDaemon(true);
    }

    /**
     * Subscribes to {@code topic} as group {@code groupId} and starts the dispatch thread.
     *
     * @param driver closed by {@link #close()}
     */
    public static WakeDispatcher start(WakeConfig config, WakeDriver driver, KafkaSettings kafka,
            Topic<WakeRequest> topic, String groupId, MeterRegistry registry) {
        Map<String, Object> props = kafka.baseProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the beginning: requests written before its first assignment
        // (the topic is created at start) must not be skipped.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()));
        Supplier<Consumer<byte[], byte[]>> consumers = () -> {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic.name()));
            return consumer;
        };
        WakeDispatcher dispatcher = new WakeDispatcher(config, driver, topic, consumers, RESTART_BACKOFF_MIN_MILLIS,
                registry);
        dispatcher.thread.start();
        LOG.info("wake dispatcher reading {} as {} with driver {}", topic.name(), groupId, config.driver());
        return dispatcher;
    }

    /** Starts the dispatch thread; for tests, which build the dispatcher with their own consumers. */
    WakeDispatcher started() {
        thread.start();
        return this;
    }

    private void run() {
        long backoff = restartBackoffMinMillis;
        while (running) {
            committedSinceStart = false;
            try {
                consumer = consumers.get();
                if (running) {
                    consume(consumer);
                }
                return;
            } catch (WakeupException e) {
                if (!running) {
                    return;
                }
                LOG.error("wake dispatcher woken up unexpectedly; a new consumer starts in {} ms", backoff, e);
            } catch (RuntimeException e) {
                LOG.error("wake dispatcher's consumer failed; a new one starts in {} ms and reads again from the"
                        + " last committed wake request", backoff, e);
            } finally {
                Consumer<byte[], byte[]> current = consumer;
                if (current != null) {
                    consumer = null;
                    closeQuietly(current);
                }
            }
            restarts.incrementAndGet();
            try {
                if (stopping.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // A consumer that got work done before failing starts the pause over; one that keeps
            // failing at once is retried less and less often.
            backoff = committedSinceStart ? restartBackoffMinMillis : Math.min(backoff * 2, RESTART_BACKOFF_MAX_MILLIS);
        }
    }

    /** Reads and dispatches until closed; returns normally only when stopping. */
    private void consume(Consumer<byte[], byte[]> consumer) {
        while (running) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            if (records.isEmpty()) {
                continue;
            }
            List<Future<?>> calls = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                WakeRequest request = read(record);
                if (request != null) {
                    metrics.request();
                    calls.add(workers.submit(() -> attempts.dispatch(request)));
                }
            }
            if (!awaitAll(calls)) {
                return;
            }
            try {
                consumer.commitSync();
                committedSinceStart = true;
            } catch (CommitFailedException e) {
                // The group rebalanced meanwhile: whoever owns the partitions now reads the
                // batch again, and its devices may be woken twice (at least once).
                LOG.warn("wake dispatcher could not commit after a rebalance: {}", e.getMessage());
            }
        }
    }

    private static void closeQuietly(Consumer<byte[], byte[]> consumer) {
        try {
            consumer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("wake dispatcher could not close its consumer cleanly: {}", e.getMessage());
        }
    }

    /** False if interrupted or stopping: the batch is not committed, and is read again next time. */
    private boolean awaitAll(List<Future<?>> calls) {
        for (Future<?> call : calls) {
            try {
                call.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (CancellationException e) {
                return false;
            } catch (ExecutionException e) {
                LOG.error("wake driver call failed unexpectedly", e.getCause());
            }
        }
        return running;
    }

    private WakeRequest read(ConsumerRecord<byte[], byte[]> record) {
        try {
            WakeRequest request = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (request == null || request.wake() == null || request.uaid() == null) {
                LOG.warn("skipping an incomplete wake request at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
                return null;
            }
            return request;
        } catch (SerializationException e) {
            LOG.warn("skipping an unreadable wake request at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /** The meters, for tests. */
    WakeMetrics metrics() {
        return metrics;
    }

    /** Whether the dispatch thread is still alive, for tests. */
    boolean running() {
        return thread.isAlive();
    }

    /** How many times the consumer was replaced after an error, for tests. */
    int restarts() {
        return restarts.get();
    }

    /** Stops reading, abandons calls in flight (their batch is read again later), closes the driver. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        stopping.countDown();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        workers.shutdownNow();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.close();
        metrics.close();
    }
}
