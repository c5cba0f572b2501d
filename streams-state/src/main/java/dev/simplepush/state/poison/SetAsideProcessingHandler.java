package dev.simplepush.state.poison;

import dev.simplepush.schemas.audit.AuditEvent.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' {@code processing.exception.handler} (KIP-1033): a record whose processing throws
 * is set aside ({@link SetAside}) and the task goes on with the next one. What the record wrote
 * before the throw stays (stores and outputs are not rolled back); nothing after it is written.
 *
 * <p>Failures of Kafka itself (a store that cannot be read, a send that failed, a task that moved)
 * are not the record's fault: they fail the thread, which the service replaces, and the record is
 * processed again.
 */
public final class SetAsideProcessingHandler implements ProcessingExceptionHandler {
    private final SetAside setAside = new SetAside();

    @Override
    public void configure(Map<String, ?> configs) {
        setAside.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isInfrastructure(exception)) {
            return Response.fail();
        }
        return Response.resume(setAside.setAside(context, uaid(context, record), context.sourceRawValue(),
                Failure.PROCESSING, exception));
    }

    /** Kafka's own failures, which retrying can cure; everything else is the record's. */
    static boolean isInfrastructure(Exception exception) {
        return exception instanceof StreamsException
                || exception instanceof KafkaException && !(exception instanceof SerializationException);
    }

    private static String uaid(ErrorHandlerContext context, Record<?, ?> record) {
        if (record != null && record.key() instanceof String key) {
            return key;
        }
        byte[] raw = context.sourceRawKey();
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
