package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.Subscription;
import java.util.Optional;

/**
 * A POST that passed every check the gateway makes: what to write to Kafka, and what the 201
 * says (spec W4.4) once streams-state has taken it.
 *
 * @param subscription the channel (its registration is streams-state's to check: 410 errno 106)
 * @param vapid        the verified VAPID claims, if any
 * @param message      the validated message
 * @param messageRef   what the message id names: a new unique id, or the topic
 * @param messageId    the message id: {@code version} of the notification to the device
 * @param location     the 201's {@code Location}: {@code <endpoint base>/m/<message id>}
 */
public record AcceptedPost(Subscription subscription, Optional<VapidClaims> vapid, WebPushMessage message,
        MessageRef messageRef, String messageId, String location) {

    /** The 201's {@code TTL} header: the TTL used, after lowering (W4.2). */
    public String ttlHeader() {
        return Long.toString(message.ttlSeconds());
    }
}
