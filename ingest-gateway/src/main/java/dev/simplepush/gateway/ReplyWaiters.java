package dev.simplepush.gateway;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.PutOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUTs waiting for their outcome on this gateway's reply partition, by request id. A waiter is
 * registered before its notification is sent (the reply can overtake the producer's ack), timed
 * out only once the write is durable, and removed however it ends, so nothing leaks.
 *
 * <p>A waiter that ends without a reply (timeout, shutdown) completes exceptionally; since the
 * write is durable by then, the caller answers the stored status.
 */
final class ReplyWaiters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyWaiters.class);

    private final Map<String, CompletableFuture<PutOutcome>> waiting = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers;
    private final Duration timeout;
    private volatile boolean closed;

    ReplyWaiters(Duration timeout) {
        this.timeout = timeout;
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "gateway-reply-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // Most waiters end by a reply long before their timer: drop cancelled timers at once.
        timers.setRemoveOnCancelPolicy(true);
    }

    /** A waiter for {@code requestId}; already failed if this registry is closed. */
    CompletableFuture<PutOutcome> register(String requestId) {
        CompletableFuture<PutOutcome> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new GatewayClosingException());
            return future;
        }
        waiting.put(requestId, future);
        future.whenComplete((outcome, error) -> waiting.remove(requestId, future));
        if (closed) {
            // close() may have swept the map just before our put.
            future.completeExceptionally(new GatewayClosingException());
        }
        return future;
    }

    /** Starts the reply timeout; call once the notification is durable. */
    void startTimeout(String requestId, CompletableFuture<PutOutcome> future) {
        if (future.isDone()) {
            return;
        }
        try {
            ScheduledFuture<?> timer = timers.schedule(
                    () -> {
                        // Removed before completion: dependents run before this future's own
                        // removal callback, and must already see the waiter gone.
                        waiting.remove(requestId, future);
                        future.completeExceptionally(
                                new TimeoutException("no reply to " + requestId + " within " + timeout));
                    },
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((outcome, error) -> timer.cancel(false));
        } catch (RejectedExecutionException shutDown) {
            future.completeExceptionally(new GatewayClosingException());
        }
    }

    /** Drops a waiter whose notification was never written. */
    void forget(String requestId) {
        CompletableFuture<PutOutcome> future = waiting.remove(requestId);
        if (future != null) {
            future.cancel(false);
        }
    }

    /** Hands a reply to its waiter; false if none waits (timed out, or another life of this gateway). */
    boolean complete(GatewayReply reply) {
        if (reply.outcome() == null) {
            return false;
        }
        CompletableFuture<PutOutcome> future = waiting.remove(reply.requestId());
        if (future == null) {
            LOG.debug("no waiter for reply {} ({})", reply.requestId(), reply.outcome());
            return false;
        }
        return future.complete(reply.outcome());
    }

    int pending() {
        return waiting.size();
    }

    /** Ends every waiter (their writes are durable or will fail on their own) and stops the timers. */
    @Override
    public void close() {
        closed = true;
        waiting.values().forEach(future -> future.completeExceptionally(new GatewayClosingException()));
        timers.shutdownNow();
    }

    /** The gateway is shutting down before the outcome arrived. */
    static final class GatewayClosingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayClosingException() {
            super("gateway is closing", null, false, false);
        }
    }
}
