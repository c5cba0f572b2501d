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
 * delegate runs tasks on the caller's thread (as tests do). Tasks run in turns of {@link #TURN}, so
 * connections share the pool fairly: one device sending as fast as it can waits its turn like any.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    /** Tasks one connection runs before it lets the others of the shared pool have a worker. */
    static final int TURN = 16;

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
        boolean yielded = false;
        try {
            for (int ran = 0; ran < TURN; ran++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("connection task failed", e);
                }
            }
            // Still busy after a turn: to the back of the shared queue, so a device that floods
            // its connection holds a worker no longer than any other connection's turn.
            yielded = !tasks.isEmpty() && resubmit();
        } finally {
            // Even after an Error escaped a task: a connection whose executor stays "scheduled"
            // would never run again, never close and never tell streams-state it is gone.
            if (!yielded) {
                scheduled.set(false);
            }
        }
        // A task may have been added between the last poll and the reset.
        if (!yielded && !tasks.isEmpty()) {
            scheduleIfIdle();
        }
    }

    /** Queues the next turn, still scheduled; false if the pool takes no more tasks. */
    private boolean resubmit() {
        try {
            delegate.execute(this::drain);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("turn rejected: {}", e.toString());
            return false;
        }
    }
}
