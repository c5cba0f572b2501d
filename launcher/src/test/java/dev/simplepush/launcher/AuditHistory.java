package dev.simplepush.launcher;

import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.HelloReason;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import dev.simplepush.testing.KafkaCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A generated audit history with known times, written in the order the services would write it
 * (a PUT's {@code accepted} after the records that decided its answer).
 *
 * <p>Device A (channel A) says hello on node 0, registers, gets version 1 live (acked 240 ms after
 * delivery), is offline for version 2, which is flushed when it says hello again on node 1. Device
 * B (channel B) gets version 7 live, then unregisters, and a PUT to an unknown channel gets 404.
 */
final class AuditHistory {
    static final String UAID_A = "0123456789abcdef0123456789abcdef";
    static final String UAID_B = "fedcba9876543210fedcba9876543210";
    static final String CHID_A = "11111111-2222-4333-8444-555555555555";
    static final String CHID_B = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    static final String CHID_UNKNOWN = "99999999-9999-4999-8999-999999999999";
    /** In the past (brokers refuse timestamps far in the future); the topic keeps records forever. */
    static final Instant T0 = Instant.parse("2025-03-14T10:00:00Z");
    static final int PARTITIONS = 4;

    private AuditHistory() {
    }

    static long t(long millis) {
        return T0.toEpochMilli() + millis;
    }

    /**
     * The records written. Device A's live version 1 is routed and delivered in two records (as
     * streams-state and the node wrote them before the node carried the routing), device B's
     * version 7 in one.
     */
    static List<AuditEvent> records() {
        return List.of(
                new AuditEvent.Hello(UAID_A, 0, "c1", HelloOutcome.ACCEPTED, HelloReason.ADOPTED, 0, 0, t(0)),
                new AuditEvent.Registered(UAID_A, CHID_A, 0, "c1", 200, t(5)),
                new AuditEvent.Hello(UAID_B, 0, "c3", HelloOutcome.ACCEPTED, HelloReason.ADOPTED, 0, 0, t(100)),
                new AuditEvent.Registered(UAID_B, CHID_B, 0, "c3", 200, t(105)),
                new AuditEvent.Routed(UAID_A, CHID_A, 1, Route.NODE, 0, "c1", "0-1", t(1_004)),
                new AuditEvent.Delivered(0, "c1", UAID_A, CHID_A, 1, "0-1", t(1_010)),
                new AuditEvent.Accepted(0, "0-1", UAID_A, CHID_A, 1, 3, 200, t(1_000)),
                new AuditEvent.Acked(UAID_A, CHID_A, 1, 0, "c1", t(1_250)),
                new AuditEvent.Routed(UAID_A, CHID_A, 2, Route.STORED, null, null, "0-2", t(2_003)),
                new AuditEvent.Accepted(0, "0-2", UAID_A, CHID_A, 2, 0, 202, t(2_000)),
                // As a node writes a live delivery now: one record for the routing and the delivery.
                new AuditEvent.Delivered(0, "c3", UAID_B, CHID_B, 7, "0-3", t(3_030), t(3_002)),
                new AuditEvent.Accepted(0, "0-3", UAID_B, CHID_B, 7, 0, 200, t(3_000)),
                new AuditEvent.Acked(UAID_B, CHID_B, 7, 0, "c3", t(3_530)),
                new AuditEvent.Unregistered(UAID_B, CHID_B, 0, "c3", 200, t(4_000)),
                new AuditEvent.Routed(UAID_B, CHID_UNKNOWN, 1, Route.UNKNOWN, null, null, "0-4", t(4_501)),
                new AuditEvent.Accepted(0, "0-4", UAID_B, CHID_UNKNOWN, 1, 0, 404, t(4_500)),
                new AuditEvent.Hello(UAID_A, 1, "c2", HelloOutcome.ACCEPTED, HelloReason.KNOWN, 1, 1, t(5_000)),
                new AuditEvent.Delivered(1, "c2", UAID_A, CHID_A, 2, null, t(5_002)),
                new AuditEvent.Acked(UAID_A, CHID_A, 2, 1, "c2", t(5_100)));
    }

    /** Creates the topics (the audit topic with {@link #PARTITIONS} partitions) and writes the history. */
    static void write(KafkaCluster cluster) {
        try (Admin admin = cluster.createAdmin()) {
            TopicAdmin.ensureTopics(admin, cluster.topics(), new TopicLayout(PARTITIONS, 2, 2, (short) 1, 1, Duration.ofMillis(-1)));
        }
        write(cluster, records());
    }

    static void write(KafkaCluster cluster, List<AuditEvent> events) {
        write(cluster, cluster.topics().audit().name(), events);
    }

    static void write(KafkaCluster cluster, String topic, List<AuditEvent> events) {
        Map<String, Object> props = cluster.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, AuditEvent> producer = new KafkaProducer<>(props,
                cluster.topics().audit().keySerde().serializer(), cluster.topics().audit().valueSerde().serializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (AuditEvent event : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, event.time(), event.uaid(), event)));
            }
            producer.flush();
            for (Future<?> future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write the history", e.getCause());
        }
    }
}
