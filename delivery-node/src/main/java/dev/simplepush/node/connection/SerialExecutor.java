package dev.simplepush.node.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Every event of one
 * connection (a message read on an IO thread, a command from the consumer thread, a timer, a
 * write completion) goes through one of these, so the connection logic needs no locks.
 *
 * <p>A task submitted while another runs is queued behind it, never run inside it, even when the
 * delegate runs tasks on the caller's thread (as tests do).
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleIfIdle();
    }

    private void scheduleIfIdle() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RuntimeException e) {
                // The pool is shut down: nothing will run any more on this node.
                scheduled.set(false);
                LOG.debug("task rejected: {}", e.toString());
            }
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("connection task failed", e);
                }
            }
        } finally {
            // Even after an Error escaped a task: a connection whose executor stays "scheduled"
            // would never run again, never close and never tell streams-state it is gone.
            scheduled.set(false);
        }
        // A task may have been added between the last poll and the reset.
        if (!tasks.isEmpty()) {
            scheduleIfIdle();
        }
    }
}
