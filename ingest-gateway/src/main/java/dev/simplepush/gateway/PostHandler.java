package dev.simplepush.gateway;

import dev.simplepush.gateway.webpush.AcceptedPost;
import dev.simplepush.gateway.webpush.AuthorizedPost;
import dev.simplepush.gateway.webpush.PostDecider;
import dev.simplepush.gateway.webpush.PostedEvents;
import dev.simplepush.gateway.webpush.RequestHeaders;
import dev.simplepush.gateway.webpush.VapidClaims;
import dev.simplepush.gateway.webpush.WebPushError;
import dev.simplepush.gateway.webpush.WebPushMetrics;
import dev.simplepush.gateway.webpush.WebPushNotifications;
import dev.simplepush.gateway.webpush.WebPushRejection;
import dev.simplepush.gateway.webpush.WebPushResponses;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.Subscription;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one RFC 8030 {@code POST /update/<token>} (spec W4) the way {@link UpdateHandler} handles a
 * PUT, without holding a thread while it waits:
 *
 * <ol>
 *   <li>on a worker (a VAPID check is an ECDSA verification, too slow for an IO thread that serves
 *       every other connection): the token (404 errno 102), VAPID (401/403 errno 109) and a declared
 *       {@code Content-Length} (413 errno 104), so a sender who may not send never has its body read;</li>
 *   <li>the body, read with the async receiver and capped at {@code webpush.max.payload} (a chunked
 *       body over it is 413 errno 104, the rest thrown away as for a PUT); then the rules of W4.2
 *       and the endpoint's rate limit ({@code gateway.put.rate}, shared with PUTs);</li>
 *   <li>the notification written with acks=all, then streams-state's reply: 201 with
 *       {@code Location} and {@code TTL}, 410 errno 106 for an unregistered channel, 429 errno 201
 *       with {@code Retry-After} over a pending cap, 201 without a reply in time (the message is
 *       durable), 503 errno 201 if the write failed.</li>
 * </ol>
 *
 * Every answer is counted ({@link WebPushMetrics}); every POST whose token authenticated is audited
 * with its status and errno.
 */
final class PostHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PostHandler.class);

    private final PostDecider decider;
    private final NotificationSink sink;
    private final ReplyWaiters waiters;
    private final AuditLog audit;
    private final WebPushMetrics metrics;
    private final KeyedRateLimiter perEndpoint;
    private final int gatewayId;
    private final Supplier<String> requestIds;
    private final Clock clock;
    private final String retryAfter;

    /**
     * @param perEndpoint the rate limit per endpoint, the PUTs' own (one bucket per channel for
     *                    both), or null for none
     * @param retryAfter  {@code webpush.retry.after} in seconds: the 429's {@code Retry-After} over a
     *                    pending cap
     */
    PostHandler(PostDecider decider, NotificationSink sink, ReplyWaiters waiters, AuditLog audit,
            WebPushMetrics metrics, KeyedRateLimiter perEndpoint, int gatewayId, Supplier<String> requestIds,
            Clock clock, String retryAfter) {
        this.decider = decider;
        this.sink = sink;
        this.waiters = waiters;
        this.audit = audit;
        this.metrics = metrics;
        this.perEndpoint = perEndpoint;
        this.gatewayId = gatewayId;
        this.requestIds = requestIds;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    /** One POST of a channel: its request id, when it arrived, and what its token names. */
    private record Attempt(String requestId, long acceptedAtMillis, EndpointAddress address) {
    }

    void handle(HttpServerExchange exchange, String token) {
        // A sender that sent Expect: 100-continue gets its 100 when the body is first read, so only
        // once token and VAPID have passed; a refusal before that is the final answer (RFC 9110 §10.1.1).
        exchange.dispatch(exchange.getConnection().getWorker(), new HttpContinueReadHandler(ex -> authorize(ex, token)));
    }

    private void authorize(HttpServerExchange exchange, String token) {
        RequestHeaders headers = RequestHeaders.of(exchange.getRequestHeaders());
        Subscription subscription;
        try {
            subscription = decider.subscription(token);
        } catch (WebPushRejection rejection) {
            // A token that does not authenticate names nobody: counted, not audited.
            refuse(exchange, rejection);
            return;
        }
        Attempt attempt = new Attempt(requestIds.get(), clock.millis(), subscription.address());
        AuthorizedPost authorized;
        try {
            authorized = decider.authorize(subscription, headers, exchange.getRequestContentLength());
        } catch (WebPushRejection rejection) {
            refuse(exchange, rejection);
            audit.posted(PostedEvents.refused(gatewayId, attempt.requestId(), attempt.address(), Optional.empty(), 0,
                    rejection, attempt.acceptedAtMillis()));
            return;
        }
        Receiver receiver = exchange.getRequestReceiver();
        // Caps chunked bodies while reading; a declared Content-Length over the cap was refused above.
        receiver.setMaxBufferSize(decider.maxPayloadBytes());
        receiver.receiveFullBytes(
                (ex, body) -> {
                    RequestGuard.bodyRead(ex);
                    onBody(ex, attempt, authorized, body);
                },
                (ex, error) -> onReadError(ex, attempt, authorized.vapid(), error));
    }

    private void onBody(HttpServerExchange exchange, Attempt attempt, AuthorizedPost authorized, byte[] body) {
        AcceptedPost post;
        try {
            post = decider.accept(authorized, RequestHeaders.of(exchange.getRequestHeaders()), body);
        } catch (WebPushRejection rejection) {
            refuse(exchange, rejection);
            audit.posted(PostedEvents.refused(gatewayId, attempt.requestId(), attempt.address(), authorized.vapid(),
                    body.length, rejection, attempt.acceptedAtMillis()));
            return;
        }
        long wait = perEndpoint == null ? 0
                : perEndpoint.tryAcquire(attempt.address().uaid() + "." + attempt.address().channelId());
        if (wait > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, KeyedRateLimiter.retryAfterSeconds(wait));
            answered(exchange, attempt, post, new WebPushRejection(WebPushError.TOO_MANY_REQUESTS,
                    "Too many messages to this subscription; retry after the Retry-After delay"));
            return;
        }
        Notification notification = WebPushNotifications.post(attempt.requestId(), gatewayId, post,
                attempt.acceptedAtMillis());
        exchange.dispatch(exchange.getConnection().getWorker(), () -> write(exchange, attempt, post, notification));
    }

    private void onReadError(HttpServerExchange exchange, Attempt attempt, Optional<VapidClaims> vapid,
            IOException error) {
        if (error instanceof Receiver.RequestToLargeException) {
            // Undertow reads and throws away the rest (up to gateway.max.discard.bytes, within the
            // body timeout) before it ends the exchange, so a client still writing gets this answer.
            WebPushRejection rejection = decider.tooLarge();
            refuse(exchange, rejection);
            audit.posted(PostedEvents.refused(gatewayId, attempt.requestId(), attempt.address(), vapid, 0, rejection,
                    attempt.acceptedAtMillis()));
        } else {
            LOG.debug("reading a POST body failed: {}", error.toString());
            exchange.endExchange();
        }
    }

    /** Registers the waiter, then writes; the reply may arrive before the producer's ack. */
    private void write(HttpServerExchange exchange, Attempt attempt, AcceptedPost post, Notification notification) {
        String requestId = attempt.requestId();
        CompletableFuture<PutOutcome> reply = waiters.register(requestId);
        sink.send(notification).whenComplete((ignored, writeError) -> {
            if (writeError != null) {
                waiters.forget(requestId);
                LOG.warn("could not write Web Push message {}: {}", requestId, writeError.toString());
                UpdateHandler.answer(exchange, () -> answered(exchange, attempt, post, new WebPushRejection(
                        WebPushError.STORAGE_UNAVAILABLE, "Could not store the message; retry with back-off")));
                return;
            }
            waiters.startTimeout(requestId, reply);
            reply.whenComplete((outcome, noReply) -> {
                if (noReply != null) {
                    // Durable in Kafka already (W4.4): streams-state will decide it; an unregistered
                    // channel's message is then dropped and audited there.
                    LOG.debug("no outcome for {} ({}); answering 201", requestId, noReply.toString());
                }
                UpdateHandler.answer(exchange, () -> respond(exchange, attempt, post, noReply == null ? outcome : null));
            });
        });
    }

    /** @param outcome streams-state's reply, or null if none came in time */
    private void respond(HttpServerExchange exchange, Attempt attempt, AcceptedPost post, PutOutcome outcome) {
        if (outcome == null) {
            created(exchange, attempt, post, post.ttlHeader());
            return;
        }
        switch (outcome) {
            case DELIVERED, STORED -> created(exchange, attempt, post, post.ttlHeader());
            // Kept nowhere (TTL 0 and no data-mode connection, or no-store mode): RFC 8030 §5.2's TTL
            // says how long the push service actually keeps the message.
            case DROPPED, DELIVERED_NOT_KEPT -> created(exchange, attempt, post, "0");
            case UNKNOWN_ENDPOINT -> answered(exchange, attempt, post, new WebPushRejection(
                    WebPushError.SUBSCRIPTION_GONE, "The subscription is not registered (anymore)"));
            case PENDING_FULL -> {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfter);
                answered(exchange, attempt, post, new WebPushRejection(WebPushError.TOO_MANY_REQUESTS,
                        "Too many messages are pending for this subscription; retry once the device has taken some"));
            }
        }
    }

    private void created(HttpServerExchange exchange, Attempt attempt, AcceptedPost post, String ttl) {
        metrics.created(post);
        WebPushResponses.created(exchange, post, ttl);
        audit.posted(PostedEvents.of(gatewayId, attempt.requestId(), post, 201, 0, attempt.acceptedAtMillis()));
    }

    /** An error for a POST that passed the gateway's checks: answered, counted, audited. */
    private void answered(HttpServerExchange exchange, Attempt attempt, AcceptedPost post, WebPushRejection rejection) {
        refuse(exchange, rejection);
        audit.posted(PostedEvents.of(gatewayId, attempt.requestId(), post, rejection.error().status(),
                rejection.error().errno(), attempt.acceptedAtMillis()));
    }

    private void refuse(HttpServerExchange exchange, WebPushRejection rejection) {
        LOG.debug("refused POST: {}", rejection.error().metricTag());
        metrics.rejected(rejection);
        WebPushResponses.error(exchange, rejection);
    }
}
