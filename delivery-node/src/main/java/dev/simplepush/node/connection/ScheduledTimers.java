package dev.simplepush.node.connection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on one daemon thread. Tasks must be short: they only enqueue connection events. */
public final class ScheduledTimers implements Timers, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public ScheduledTimers(String threadName) {
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName(threadName);
            thread.setDaemon(true);
            return thread;
        });
        // Most timers are cancelled (a hello arrives, an answer comes): do not keep them around.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
