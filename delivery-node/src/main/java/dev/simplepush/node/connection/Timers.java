package dev.simplepush.node.connection;

import java.time.Duration;

/** Delayed tasks: the hello timeout and request timeouts. A manual implementation drives tests. */
public interface Timers {

    /** Runs {@code task} once after {@code delay} on a timer thread, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task. Cancelling one that already ran does nothing. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
