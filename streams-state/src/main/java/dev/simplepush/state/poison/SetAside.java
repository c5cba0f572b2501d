package dev.simplepush.state.poison;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the exception handlers do with a record they set aside: count it, log one line (uaid,
 * topic, partition, offset, the error; never a stack trace, since a client could otherwise fill
 * the disk), and return the records Kafka Streams writes in its place, in the same transaction as
 * the rest of the task's output: the record itself to the dead-letter topic, and a
 * {@link AuditEvent.SetAside} to {@code audit}.
 *
 * <p>Configured from the Streams configuration, which the handlers receive whole:
 * {@link StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG} (Kafka's own key; no dead letter
 * without it) and those of {@link SetAsideHandlers}.
 */
final class SetAside {
    private static final Logger LOG = LoggerFactory.getLogger(SetAside.class);

    private static final String AUDIT_TOPIC_CONFIG = SetAsideHandlers.AUDIT_TOPIC_CONFIG;
    private static final String COUNTER_CONFIG = SetAsideHandlers.COUNTER_CONFIG;
    private static final String INPUT_TOPICS_CONFIG = SetAsideHandlers.INPUT_TOPICS_CONFIG;
    private static final String MAX_VALUE_BYTES_CONFIG = SetAsideHandlers.MAX_VALUE_BYTES_CONFIG;

    /** Kafka Streams' names for the error headers of a dead letter (KIP-1034), so its tools read ours. */
    static final String HEADER_EXCEPTION = "__streams.errors.exception";
    static final String HEADER_MESSAGE = "__streams.errors.message";
    static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    static final String HEADER_TOPIC = "__streams.errors.topic";
    static final String HEADER_PARTITION = "__streams.errors.partition";
    static final String HEADER_OFFSET = "__streams.errors.offset";
    /** Ours: why the record was set aside ({@link Failure}), and the size of a value left out. */
    static final String HEADER_FAILURE = "simplepush.set.aside.failure";
    static final String HEADER_VALUE_LEFT_OUT = "simplepush.set.aside.value.left.out";

    static final int MAX_ERROR_CHARS = 500;
    static final int MAX_STACKTRACE_CHARS = 2_048;
    static final int MAX_UAID_CHARS = 100;
    private static final JsonSerde<AuditEvent> AUDIT_SERDE = JsonSerde.of(AuditEvent.class);

    private String deadLetterTopic;
    private String auditTopic;
    private SetAsideCounter counter = SetAsideCounter.NONE;
    private Set<String> inputTopics = Set.of();
    private int maxValueBytes = WriteLimit.DEFAULT_MAX_BYTES;
    private boolean exactlyOnce;

    void configure(Map<String, ?> configs) {
        deadLetterTopic = string(configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        auditTopic = string(configs.get(AUDIT_TOPIC_CONFIG));
        if (configs.get(COUNTER_CONFIG) instanceof SetAsideCounter configured) {
            counter = configured;
        }
        String topics = string(configs.get(INPUT_TOPICS_CONFIG));
        inputTopics = topics == null ? Set.of()
                : Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        Object max = configs.get(MAX_VALUE_BYTES_CONFIG);
        if (max != null) {
            maxValueBytes = Integer.parseInt(max.toString());
        }
        exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(string(configs.get(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    boolean exactlyOnce() {
        return exactlyOnce;
    }

    /**
     * Counts and logs the record, and returns what to write for it.
     *
     * @param uaid  the record's key, or null when it has none (a punctuation)
     * @param value the input record's bytes as read, or null when Kafka Streams no longer holds them
     */
    List<ProducerRecord<byte[], byte[]>> setAside(ErrorHandlerContext context, String uaid, byte[] value,
            Failure failure, Exception exception) {
        counter.increment(failure);
        String error = shorten(exception.getClass().getSimpleName() + ": " + exception.getMessage(), MAX_ERROR_CHARS);
        String key = uaid == null ? null : shorten(uaid, MAX_UAID_CHARS);
        String topic = context.topic();
        if (topic == null) {
            LOG.warn("set aside a punctuation of task {} ({}): {}", context.taskId(), failure, error);
            return List.of();
        }
        LOG.warn("set aside the record of uaid {} at {}-{} offset {} ({}): {}", key, topic, context.partition(),
                context.offset(), failure, error);
        if (!inputTopics.contains(topic)) {
            return List.of();
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(2);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        if (deadLetterTopic != null) {
            records.add(deadLetter(context, keyBytes, value, failure, exception, error));
        }
        if (auditTopic != null && key != null) {
            long now = System.currentTimeMillis();
            AuditEvent event = new AuditEvent.SetAside(key, topic, context.partition(), context.offset(), failure,
                    error, now);
            records.add(new ProducerRecord<>(auditTopic, null, now, keyBytes, AUDIT_SERDE.serialize(auditTopic, event)));
        }
        return records;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
            Failure failure, Exception exception, String error) {
        Headers headers = new RecordHeaders();
        headers.add(HEADER_EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(HEADER_MESSAGE, utf8(error));
        headers.add(HEADER_STACKTRACE, utf8(shorten(stackTrace(exception), MAX_STACKTRACE_CHARS)));
        headers.add(HEADER_TOPIC, utf8(context.topic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(context.partition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(context.offset())));
        headers.add(HEADER_FAILURE, utf8(failure.name()));
        byte[] kept = value;
        if (value != null && value.length > maxValueBytes) {
            // The dead letter must fit its topic: a write the broker refuses would fail the
            // transaction. The offset above still finds the original while it is retained.
            headers.add(HEADER_VALUE_LEFT_OUT, utf8(Integer.toString(value.length)));
            kept = null;
        }
        return new ProducerRecord<>(deadLetterTopic, null, context.timestamp() < 0 ? null : context.timestamp(), key,
                kept, headers);
    }

    private static String stackTrace(Exception exception) {
        StringWriter out = new StringWriter();
        exception.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
