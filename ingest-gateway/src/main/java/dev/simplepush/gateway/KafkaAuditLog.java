package dev.simplepush.gateway;

import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link AuditEvent.Accepted} and {@link AuditEvent.Posted} records with a producer of its own, from a thread of its own
 * behind a bounded queue: an audit backlog or a slow broker can never fill the notification
 * producer's buffer or hold an IO thread. A record that cannot be queued or written is counted in
 * {@link MetricName#AUDIT_WRITE_FAILURES} and logged (at most one warning per 10 s).
 */
final class KafkaAuditLog implements AuditLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditLog.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final KafkaProducer<String, AuditEvent> producer;
    private final String topic;
    private final ThreadPoolExecutor sender;
    private final MeterRegistry registry;
    private final Counter failures;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    KafkaAuditLog(KafkaSettings kafka, Topic<AuditEvent> topic, int gatewayId, MeterRegistry registry,
            Duration linger) {
        this.topic = topic.name();
        this.registry = registry;
        this.failures = Counter.builder(MetricName.AUDIT_WRITE_FAILURES.meterName())
                .description(MetricName.AUDIT_WRITE_FAILURES.description())
                .tag(MetricName.AUDIT_WRITE_FAILURES.tagKey(), "gateway")
                .register(registry);
        this.producer = new KafkaProducer<>(producerProperties(kafka, gatewayId, linger), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                runnable -> {
                    Thread thread = new Thread(runnable, "gateway-" + gatewayId + "-audit");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    static Map<String, Object> producerProperties(KafkaSettings kafka, int gatewayId, Duration linger) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "simplepush-gateway-" + gatewayId + "-audit",
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
        props.putAll(kafka.baseProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /** Fetches the topic's metadata now, so the first record does not wait for it. */
    void warmUp() {
        producer.partitionsFor(topic);
    }

    @Override
    public void accepted(Notification notification, int status) {
        AuditEvent.Accepted event = new AuditEvent.Accepted(notification.gatewayId(), notification.requestId(),
                notification.uaid(), notification.channelId(), notification.version(), dataLength(notification),
                status, notification.acceptedAtMillis());
        enqueue(event, event.requestId());
    }

    @Override
    public void posted(AuditEvent.Posted event) {
        enqueue(event, event.requestId());
    }

    private void enqueue(AuditEvent event, String requestId) {
        try {
            sender.execute(() -> send(event, requestId));
        } catch (RejectedExecutionException e) {
            failed(requestId, "the audit queue is full or closed");
        }
    }

    private void send(AuditEvent event, String requestId) {
        try {
            producer.send(new ProducerRecord<>(topic, null, event.time(), event.uaid(), event), (metadata, error) -> {
                if (error != null) {
                    failed(requestId, error.toString());
                }
            });
        } catch (RuntimeException e) {
            failed(requestId, e.toString());
        }
    }

    private void failed(String requestId, String why) {
        failures.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("could not write the audit record of request {} ({} failures so far): {}", requestId,
                    (long) failures.count(), why);
        }
    }

    static int dataLength(Notification notification) {
        return notification.data() == null ? 0 : notification.data().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Sends what is queued (bounded wait), then closes the producer and removes the counter. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        producer.close(Duration.ofSeconds(5));
        registry.remove(failures);
    }
}
