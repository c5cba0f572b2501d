package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.UaidPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the audit topic with an assigned consumer (no group, nothing committed, read_committed):
 * only the uaid's partition when the query names one, from the first offset at or after
 * {@code from} ({@code offsetsForTimes}), up to the end offsets at the start of the scan, or on and
 * on with {@code follow}.
 *
 * <p>Each record is read as the facts it stands for ({@link AuditEvent#facts()}): a node's
 * {@code delivered} that carries its routing is a {@code routed} and a {@code delivered}, both at
 * the record's offset.
 *
 * <p>Records are not in time order within a partition: a gateway writes a PUT's {@code accepted}
 * once it has answered, after the records that decided the answer. So {@code to} ends the scan
 * at the first offset stamped {@link #TO_GRACE} after it, and every record is checked against the
 * query's times.
 */
public final class AuditReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditReader.class);
    /** Longer than any gap between a record's time and its write (a PUT's reply timeout, clock skew). */
    public static final Duration TO_GRACE = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final JsonSerde<AuditEvent> serde = JsonSerde.of(AuditEvent.class);
    private volatile boolean stopped;

    /** What a scan read. */
    public record Stats(long scanned, long matched, long unreadable, Duration elapsed) {
        public double recordsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? scanned : scanned / seconds;
        }
    }

    /**
     * How far a scan has got, for a progress indicator.
     *
     * @param total    records between the start and stop offsets; 0 when following
     * @param finished true once, for the last report of the scan
     */
    public record Progress(long read, long total, long matched, Duration elapsed, boolean finished) {
    }

    /**
     * @param kafkaProperties bootstrap servers and any client settings; a {@code group.id} is
     *                        dropped: the reader commits nothing
     */
    public AuditReader(Map<String, Object> kafkaProperties, String topic) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Asking about a missing topic must not create it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "simplepush-audit");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /**
     * Reads what {@code query} selects and hands each match to {@code sink}, in the order read
     * (offset order within a partition).
     *
     * @param follow   keep reading new records until {@link #stop()}
     * @param progress called now and then with how far the scan has got; may be null
     * @throws IllegalStateException if the topic does not exist
     */
    public Stats scan(AuditQuery query, boolean follow, Consumer<AuditRecord> sink, Consumer<Progress> progress) {
        long begin = System.nanoTime();
        List<TopicPartition> partitions = partitions(query);
        consumer.assign(partitions);
        Map<TopicPartition, Long> start = startOffsets(partitions, query);
        Map<TopicPartition, Long> stop = follow ? Map.of() : stopOffsets(partitions, query);
        long total = 0;
        List<TopicPartition> active = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, start.get(partition));
            if (follow || start.get(partition) < stop.get(partition)) {
                active.add(partition);
                total += follow ? 0 : stop.get(partition) - start.get(partition);
            }
        }
        consumer.pause(partitions);
        consumer.resume(active);
        long scanned = 0;
        long matched = 0;
        long unreadable = 0;
        long lastProgress = System.nanoTime();
        Supplier<Duration> elapsed = () -> Duration.ofNanos(System.nanoTime() - begin);
        try {
            while (!stopped && !active.isEmpty()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = stop.get(partition);
                    if (end != null && record.offset() >= end) {
                        continue;
                    }
                    scanned++;
                    if (record.value() == null) {
                        continue;
                    }
                    String type = leadingType(record.value());
                    if (!query.mayMatch(record.key(), record.timestamp(), type) || !query.mayMatchType(type)) {
                        continue;
                    }
                    AuditEvent event;
                    try {
                        event = serde.deserialize(record.topic(), record.value());
                    } catch (SerializationException e) {
                        unreadable++;
                        LOG.debug("skipping unreadable record at {}@{}: {}", partition, record.offset(), e.toString());
                        continue;
                    }
                    if (event == null) {
                        continue;
                    }
                    for (AuditEvent fact : event.facts()) {
                        if (query.matches(fact)) {
                            matched++;
                            sink.accept(new AuditRecord(fact, record.partition(), record.offset()));
                        }
                    }
                }
                if (!follow) {
                    active.removeIf(partition -> {
                        boolean done = consumer.position(partition) >= stop.get(partition);
                        if (done) {
                            consumer.pause(List.of(partition));
                        }
                        return done;
                    });
                }
                if (progress != null && System.nanoTime() - lastProgress > 250_000_000L) {
                    lastProgress = System.nanoTime();
                    progress.accept(new Progress(scanned, total, matched, elapsed.get(), false));
                }
            }
        } catch (WakeupException e) {
            // stop() from another thread: end the scan.
        }
        if (progress != null) {
            progress.accept(new Progress(scanned, total, matched, elapsed.get(), true));
        }
        return new Stats(scanned, matched, unreadable, elapsed.get());
    }

    /**
     * The type our serde writes first, {@code {"type":"acked",...}}, read without parsing: a scan
     * for some types skips the others cheaply. Null when the record does not start that way.
     */
    static String leadingType(byte[] value) {
        if (value.length <= TYPE_PREFIX.length) {
            return null;
        }
        for (int i = 0; i < TYPE_PREFIX.length; i++) {
            if (value[i] != TYPE_PREFIX[i]) {
                return null;
            }
        }
        for (int end = TYPE_PREFIX.length; end < value.length && end < TYPE_PREFIX.length + 32; end++) {
            if (value[end] == '"') {
                return new String(value, TYPE_PREFIX.length, end - TYPE_PREFIX.length, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** Ends a scan from another thread (Ctrl-C while following). */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    private List<TopicPartition> partitions(AuditQuery query) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("there is no topic " + topic
                    + ": start a service (or dev mode) with audit.enabled=true against this cluster first");
        }
        if (query.uaid() != null) {
            // The producers' partitioner: the device's whole history is in this one partition.
            return List.of(new TopicPartition(topic, UaidPartitioner.partition(query.uaid(), infos.size())));
        }
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo info : infos) {
            all.add(new TopicPartition(topic, info.partition()));
        }
        all.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return all;
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, AuditQuery query) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions));
        if (query.from() != null) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, query.from().toEpochMilli()));
            consumer.offsetsForTimes(at).forEach((partition, found) ->
                    start.put(partition, found == null ? end.get(partition) : found.offset()));
        }
        return start;
    }

    private Map<TopicPartition, Long> stopOffsets(List<TopicPartition> partitions, AuditQuery query) {
        Map<TopicPartition, Long> stop = new HashMap<>(consumer.endOffsets(partitions));
        if (query.to() != null) {
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, query.to().plus(TO_GRACE).toEpochMilli()));
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> found : consumer.offsetsForTimes(at).entrySet()) {
                if (found.getValue() != null) {
                    stop.merge(found.getKey(), found.getValue().offset(), Math::min);
                }
            }
        }
        return stop;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
