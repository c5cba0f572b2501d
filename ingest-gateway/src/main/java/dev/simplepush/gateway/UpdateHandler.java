package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code PUT /update/<token>} without holding a thread while it waits: the body is
 * read with the async receiver, the checks run on the IO thread, the send runs on a worker
 * (the producer may block briefly for metadata), and the answer is written from the producer
 * and reply callbacks back on the exchange's IO thread.
 */
final class UpdateHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateHandler.class);

    private final PutDecider decider;
    private final NotificationSink sink;
    private final ReplyWaiters waiters;
    private final int storedStatus;
    private final AuditLog audit;
    private final KeyedRateLimiter perEndpoint;

    UpdateHandler(PutDecider decider, NotificationSink sink, ReplyWaiters waiters, int storedStatus) {
        this(decider, sink, waiters, storedStatus, AuditLog.OFF, null);
    }

    /** @param perEndpoint the PUT rate limit per endpoint (uaid and channel), or null for none */
    UpdateHandler(PutDecider decider, NotificationSink sink, ReplyWaiters waiters, int storedStatus, AuditLog audit,
            KeyedRateLimiter perEndpoint) {
        this.decider = decider;
        this.sink = sink;
        this.waiters = waiters;
        this.storedStatus = storedStatus;
        this.audit = audit;
        this.perEndpoint = perEndpoint;
    }

    void handle(HttpServerExchange exchange, String token) {
        String method = exchange.getRequestMethod().toString();
        Optional<PutDecision.Rejected> early = decider.beforeBody(method, exchange.getRequestContentLength());
        if (early.isPresent()) {
            Responses.error(exchange, early.get());
            return;
        }
        Receiver receiver = exchange.getRequestReceiver();
        // Caps chunked bodies while reading; a too-large Content-Length was refused above.
        receiver.setMaxBufferSize(decider.maxBodyBytes());
        receiver.receiveFullBytes(
                (ex, body) -> {
                    RequestGuard.bodyRead(ex);
                    onBody(ex, new PutRequest(method, token, ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE),
                            ex.getRequestContentLength(), ex.getQueryString(), body));
                },
                this::onReadError);
    }

    private void onBody(HttpServerExchange exchange, PutRequest request) {
        PutDecision decision = decider.decide(request);
        if (decision instanceof PutDecision.Rejected rejected) {
            LOG.debug("rejected PUT: {}", rejected.error().metricTag());
            Responses.error(exchange, rejected);
            return;
        }
        Notification notification = ((PutDecision.Accepted) decision).notification();
        // Keyed by the decoded endpoint, not the token text: each register may hand out a different
        // token for one channel, and forged tokens never get this far, so they cannot fill the map.
        long wait = perEndpoint == null ? 0 : perEndpoint.tryAcquire(notification.uaid() + "." + notification.channelId());
        if (wait > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, KeyedRateLimiter.retryAfterSeconds(wait));
            Responses.error(exchange, PutDecision.Rejected.of(GatewayError.RATE_LIMITED));
            return;
        }
        exchange.dispatch(exchange.getConnection().getWorker(), () -> accept(exchange, notification));
    }

    private void onReadError(HttpServerExchange exchange, IOException error) {
        if (error instanceof Receiver.RequestToLargeException) {
            // Undertow reads and throws away the rest (up to gateway.max.discard.bytes, within the
            // body timeout) before it ends the exchange, so a client still writing gets this answer.
            Responses.error(exchange, new PutDecision.Rejected(GatewayError.BODY_TOO_LARGE,
                    GatewayError.BODY_TOO_LARGE.message(decider.maxBodyBytes())));
        } else {
            LOG.debug("reading a PUT body failed: {}", error.toString());
            exchange.endExchange();
        }
    }

    /** Registers the waiter, then writes; the reply may arrive before the producer's ack. */
    private void accept(HttpServerExchange exchange, Notification notification) {
        String requestId = notification.requestId();
        CompletableFuture<PutOutcome> reply = waiters.register(requestId);
        sink.send(notification).whenComplete((ignored, writeError) -> {
            if (writeError != null) {
                waiters.forget(requestId);
                LOG.warn("could not write notification {}: {}", requestId, writeError.toString());
                answer(exchange, () -> Responses.error(exchange, PutDecision.Rejected.of(GatewayError.STORAGE_UNAVAILABLE)));
                audit.accepted(notification, GatewayError.STORAGE_UNAVAILABLE.status());
                return;
            }
            waiters.startTimeout(requestId, reply);
            reply.whenComplete((outcome, noReply) -> {
                if (noReply != null) {
                    // Durable in Kafka already: the device gets it on its next hello.
                    LOG.debug("no outcome for {} ({}); answering stored", requestId, noReply.toString());
                    answer(exchange, () -> Responses.success(exchange, storedStatus));
                    audit.accepted(notification, storedStatus);
                } else {
                    answer(exchange, () -> respond(exchange, outcome));
                    audit.accepted(notification, status(outcome));
                }
            });
        });
    }

    private void respond(HttpServerExchange exchange, PutOutcome outcome) {
        if (outcome.keptNothing()) {
            // No-store mode (decided by streams-state, carried in the outcome): RFC 8030's TTL
            // header says the deployment kept this update for 0 seconds, whatever the status.
            exchange.getResponseHeaders().put(Responses.TTL, "0");
        }
        switch (outcome) {
            case DELIVERED, DELIVERED_NOT_KEPT -> Responses.success(exchange, 200);
            case STORED, DROPPED -> Responses.success(exchange, storedStatus);
            case UNKNOWN_ENDPOINT -> Responses.error(exchange, PutDecision.Rejected.of(GatewayError.INVALID_TOKEN));
            // Only a POST can fill a pending cap; should one ever answer a PUT, it kept nothing.
            case PENDING_FULL -> Responses.error(exchange, PutDecision.Rejected.of(GatewayError.RATE_LIMITED));
        }
    }

    /** The status {@link #respond} answers {@code outcome} with. */
    private int status(PutOutcome outcome) {
        return switch (outcome) {
            case DELIVERED, DELIVERED_NOT_KEPT -> 200;
            case STORED, DROPPED -> storedStatus;
            case UNKNOWN_ENDPOINT -> GatewayError.INVALID_TOKEN.status();
            case PENDING_FULL -> GatewayError.RATE_LIMITED.status();
        };
    }

    /** Writes on the exchange's IO thread, where Undertow expects it. */
    static void answer(HttpServerExchange exchange, Runnable write) {
        exchange.getIoThread().execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("could not answer a {}", exchange.getRequestMethod(), e);
                exchange.endExchange();
            }
        });
    }
}
