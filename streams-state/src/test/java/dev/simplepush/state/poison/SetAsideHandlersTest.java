package dev.simplepush.state.poison;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class SetAsideHandlersTest {
    private static final Map<String, Object> EXACTLY_ONCE = Map.of(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead-letters",
            SetAsideHandlers.INPUT_TOPICS_CONFIG, "notifications,device-events",
            SetAsideHandlers.AUDIT_TOPIC_CONFIG, "audit");
    private static final Map<String, Object> AT_LEAST_ONCE = Map.of(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead-letters",
            SetAsideHandlers.INPUT_TOPICS_CONFIG, "notifications,device-events");
    private static final Record<String, Object> RECORD = new Record<>("abc", "value", 1L);

    @Test
    void aRecordWhoseProcessingThrowsIsSetAsideWithADeadLetterAndAnAuditRecord() {
        SetAsideProcessingHandler handler = new SetAsideProcessingHandler();
        handler.configure(EXACTLY_ONCE);

        ProcessingExceptionHandler.Response response = handler.handleError(context("device-events"), RECORD,
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).extracting(ProducerRecord::topic)
                .containsExactly("dead-letters", "audit");
    }

    @Test
    void kafkasOwnFailuresFailTheThreadSoTheRecordIsProcessedAgain() {
        SetAsideProcessingHandler handler = new SetAsideProcessingHandler();
        handler.configure(EXACTLY_ONCE);

        assertThat(handler.handleError(context("device-events"), RECORD, new StreamsException("store gone")).result())
                .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(context("device-events"), RECORD, new KafkaException("send failed")).result())
                .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(context("device-events"), RECORD, new SerializationException("bad")).result())
                .isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    }

    @Test
    void anOutputOverTheWriteLimitIsDroppedAndSetAside() {
        SetAsideProductionHandler handler = new SetAsideProductionHandler();
        handler.configure(EXACTLY_ONCE);

        ProductionExceptionHandler.Response response = handler.handleSerializationError(context("notifications"),
                new ProducerRecord<>("node-commands", "abc", "big"), new OversizedWriteException("node-commands", 9, 8),
                SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).extracting(ProducerRecord::topic)
                .containsExactly("dead-letters", "audit");
    }

    @Test
    void aRefusedSendFailsUnderExactlyOnceWhereTheTransactionIsLostAnyway() {
        SetAsideProductionHandler handler = new SetAsideProductionHandler();
        handler.configure(EXACTLY_ONCE);

        assertThat(handler.handleError(context("notifications"), sent("node-commands"),
                new RecordTooLargeException("too large")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(context("notifications"), sent("node-commands"),
                new NotEnoughReplicasException("later")).result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    }

    @Test
    void underAtLeastOnceARefusedOutputIsSetAsideButNeverAChangelogWrite() {
        SetAsideProductionHandler handler = new SetAsideProductionHandler();
        handler.configure(AT_LEAST_ONCE);

        assertThat(handler.handleError(context("notifications"), sent("node-commands"),
                new RecordTooLargeException("too large")).result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(handler.handleError(context("notifications"), sent("simplepush-state-pending-changelog"),
                new RecordTooLargeException("too large")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void aDeadLetterLeavesOutAValueLargerThanItsTopicTakes() {
        SetAside setAside = new SetAside();
        setAside.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead-letters",
                SetAsideHandlers.INPUT_TOPICS_CONFIG, "device-events", SetAsideHandlers.MAX_VALUE_BYTES_CONFIG, "4"));

        ProducerRecord<byte[], byte[]> letter = setAside.setAside(context("device-events"), "abc", new byte[5],
                dev.simplepush.schemas.audit.AuditEvent.Failure.PROCESSING, new IllegalStateException("x")).get(0);

        assertThat(letter.value()).isNull();
        assertThat(new String(letter.headers().lastHeader(SetAside.HEADER_VALUE_LEFT_OUT).value())).isEqualTo("5");
        assertThat(new String(letter.headers().lastHeader(SetAside.HEADER_OFFSET).value())).isEqualTo("42");
    }

    private static ProducerRecord<byte[], byte[]> sent(String topic) {
        return new ProducerRecord<>(topic, "abc".getBytes(), new byte[10]);
    }

    private static ErrorHandlerContext context(String topic) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "device-state";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            @Override
            public long timestamp() {
                return 1_000L;
            }

            @Override
            public byte[] sourceRawKey() {
                return "abc".getBytes();
            }

            @Override
            public byte[] sourceRawValue() {
                return "{}".getBytes();
            }
        };
    }
}
