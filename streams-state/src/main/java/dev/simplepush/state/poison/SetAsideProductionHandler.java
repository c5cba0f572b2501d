package dev.simplepush.state.poison;

import dev.simplepush.schemas.audit.AuditEvent.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler}.
 *
 * <p>An output that cannot be serialized, above all one over the {@link WriteLimit} (refused by its
 * guarded serializer, so the producer never saw it), is dropped and its input record set aside
 * ({@link SetAside}); the record's other outputs and state changes stay.
 *
 * <p>A send the broker or the producer refused is another matter. Under exactly_once_v2 the
 * producer has already marked the whole transaction to be aborted, whatever this handler says, so
 * the only honest answer is to fail: the thread is replaced and the task reprocessed from its last
 * commit. (The write limit is there so that this does not happen.) Under at_least_once an output
 * is dropped and set aside like a serialization failure, but never a changelog write: skipping one
 * would leave the store and its changelog apart. Retriable errors are retried.
 */
public final class SetAsideProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SetAsideProductionHandler.class);
    private static final String CHANGELOG_SUFFIX = "-changelog";

    private final SetAside setAside = new SetAside();

    @Override
    public void configure(Map<String, ?> configs) {
        setAside.configure(configs);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        String uaid = record.key() instanceof String key ? key : null;
        return Response.resume(setAside.setAside(context, uaid, context.sourceRawValue(), Failure.UNWRITABLE,
                exception));
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (setAside.exactlyOnce() || record.topic().endsWith(CHANGELOG_SUFFIX)) {
            LOG.error("{} refused a record of {} bytes ({}): failing the task, which is processed again from its last"
                    + " commit; if it was too large, lower " + WriteLimit.KEY + " below the topic's max.message.bytes",
                    record.topic(), record.value() == null ? 0 : record.value().length, exception.toString());
            return Response.fail();
        }
        String uaid = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return Response.resume(setAside.setAside(context, uaid, context.sourceRawValue(), Failure.UNWRITABLE,
                exception));
    }
}
