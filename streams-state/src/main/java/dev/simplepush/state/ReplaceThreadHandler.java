package dev.simplepush.state;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a stream thread's death and starts a replacement. The replacement resumes from the last
 * committed offsets, so the failed record is processed again: right for a passing broker or disk
 * fault. A record's own failures (unreadable, processing throws, an output over the write limit)
 * never get here: the exception handlers of {@code dev.simplepush.state.poison} set it aside.
 */
final class ReplaceThreadHandler implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaceThreadHandler.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.error("stream thread failed; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
