package dev.simplepush.schemas.broadcast;

import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes broadcast versions to the {@code broadcasts} topic (acks=all, idempotent: a version that
 * is acknowledged survives a broker loss) and the audit record of each. Used by the gateway's HTTP
 * API and by {@code ./simplepush broadcast set}, so both write the same records. Thread-safe.
 */
public final class BroadcastPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Topic<Broadcast> broadcasts;
    private final Topic<AuditEvent> audit;

    /**
     * @param audit where the audit records go; null writes none ({@code audit.enabled=false})
     */
    public BroadcastPublisher(KafkaSettings kafka, Topic<Broadcast> broadcasts, Topic<AuditEvent> audit,
            String clientId) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        props.putAll(kafka.baseProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.broadcasts = broadcasts;
        this.audit = audit;
    }

    /** Fetches the topic's metadata now, so the first set does not wait for it. */
    public void warmUp() {
        producer.partitionsFor(broadcasts.name());
        if (audit != null) {
            producer.partitionsFor(audit.name());
        }
    }

    /**
     * Writes {@code broadcast}, keyed by its id, to the one partition. The future completes on
     * the producer's network thread: continue elsewhere before writing again (a send there may
     * wait for metadata that only that thread can fetch).
     *
     * @return completes with the record's offset once every in-sync replica has it
     */
    public CompletableFuture<Long> publish(Broadcast broadcast) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        byte[] value = broadcasts.valueSerde().serializer().serialize(broadcasts.name(), broadcast);
        try {
            producer.send(new ProducerRecord<>(broadcasts.name(), 0, broadcast.setAtMillis(), broadcast.id(), value),
                    (RecordMetadata metadata, Exception error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(metadata.offset());
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Writes the audit record of a set, keyed by {@link AuditEvent#uaid()} (the broadcast id);
     * a failure is only reported in the returned future.
     */
    public CompletableFuture<Void> audit(AuditEvent.BroadcastSet event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (audit == null) {
            done.complete(null);
            return done;
        }
        try {
            byte[] value = audit.valueSerde().serializer().serialize(audit.name(), event);
            producer.send(new ProducerRecord<>(audit.name(), null, event.time(), event.uaid(), value),
                    (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(null);
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
