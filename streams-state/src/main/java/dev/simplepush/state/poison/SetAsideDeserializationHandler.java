package dev.simplepush.state.poison;

import dev.simplepush.schemas.audit.AuditEvent.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Kafka Streams' {@code deserialization.exception.handler}: a record that cannot be read is set
 * aside ({@link SetAside}) and skipped, never retried (it would fail the same way forever).
 */
public final class SetAsideDeserializationHandler implements DeserializationExceptionHandler {
    private final SetAside setAside = new SetAside();

    @Override
    public void configure(Map<String, ?> configs) {
        setAside.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        String uaid = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return Response.resume(setAside.setAside(context, uaid, record.value(), Failure.UNREADABLE, exception));
    }
}
