package dev.simplepush.gateway;

import dev.simplepush.gateway.webpush.PostDecider;
import dev.simplepush.gateway.webpush.WebPushError;
import dev.simplepush.gateway.webpush.WebPushNotifications;
import dev.simplepush.gateway.webpush.WebPushRejection;
import dev.simplepush.gateway.webpush.WebPushResponses;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.token.MessageRef;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code DELETE /m/<message id>} (spec W4.8): an id that does not authenticate is 404
 * errno 102; else a cancel for that message is written with acks=all and the answer is 204,
 * whether or not the message is still pending (streams-state removes it if it is, and audits
 * that). A failed write is 503 errno 201: nothing was cancelled. No reply is awaited, so the
 * answer never depends on streams-state being quick.
 */
final class CancelHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CancelHandler.class);

    private final PostDecider decider;
    private final NotificationSink sink;
    private final int gatewayId;
    private final Supplier<String> requestIds;
    private final Clock clock;

    CancelHandler(PostDecider decider, NotificationSink sink, int gatewayId, Supplier<String> requestIds, Clock clock) {
        this.decider = decider;
        this.sink = sink;
        this.gatewayId = gatewayId;
        this.requestIds = requestIds;
        this.clock = clock;
    }

    void handle(HttpServerExchange exchange, String messageId) {
        MessageRef ref;
        try {
            ref = decider.cancel(messageId);
        } catch (WebPushRejection rejection) {
            WebPushResponses.error(exchange, rejection);
            return;
        }
        Notification cancel = WebPushNotifications.cancel(requestIds.get(), gatewayId, ref, clock.millis());
        // The producer may block briefly for metadata: never on an IO thread.
        exchange.dispatch(exchange.getConnection().getWorker(), () -> write(exchange, cancel));
    }

    private void write(HttpServerExchange exchange, Notification cancel) {
        sink.send(cancel).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("could not write cancel {}: {}", cancel.requestId(), error.toString());
                UpdateHandler.answer(exchange, () -> WebPushResponses.error(exchange, new WebPushRejection(
                        WebPushError.STORAGE_UNAVAILABLE, "Could not cancel the message; retry with back-off")));
            } else {
                UpdateHandler.answer(exchange, () -> WebPushResponses.noContent(exchange));
            }
        });
    }
}
