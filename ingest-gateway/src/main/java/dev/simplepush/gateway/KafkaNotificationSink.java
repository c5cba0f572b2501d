package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes notifications to {@code notifications}, keyed by uaid, idempotently with acks=all. */
final class KafkaNotificationSink implements NotificationSink, AutoCloseable {
    private final KafkaProducer<String, Notification> producer;
    private final String topic;

    KafkaNotificationSink(KafkaSettings kafka, Topic<Notification> topic, int gatewayId) {
        this.topic = topic.name();
        this.producer = new KafkaProducer<>(producerProperties(kafka, gatewayId),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    static Map<String, Object> producerProperties(KafkaSettings kafka, int gatewayId) {
        // Bounded waits so an app server hears 503 within seconds when Kafka is unreachable,
        // rather than after the client defaults of one and two minutes.
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "simplepush-gateway-" + gatewayId,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000));
        props.putAll(kafka.baseProperties());
        // A 2xx promises an acks=all write (DESIGN "Guarantees"): not overridable.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /** Fetches the topic's metadata now, so the first PUT does not wait for it. */
    void warmUp() {
        producer.partitionsFor(topic);
    }

    /** Binds the producer's client metrics; close the result to unbind them. */
    KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    @Override
    public CompletionStage<Void> send(Notification notification) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, notification.uaid(), notification), (metadata, error) -> {
                if (error != null) {
                    written.completeExceptionally(error);
                } else {
                    written.complete(null);
                }
            });
        } catch (RuntimeException e) {
            // Metadata timeout, buffer exhausted or a closed producer: nothing was written.
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
