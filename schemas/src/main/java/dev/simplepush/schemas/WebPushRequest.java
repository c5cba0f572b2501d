package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.simplepush.schemas.token.MessageRef;

/**
 * The Web Push part of a {@link Notification} (spec W4): a {@code POST} to an endpoint, or a
 * {@code DELETE} of a message id. Null on a SimplePush {@code PUT}. Travels on
 * {@code notifications} with the PUTs, keyed by uaid, so one device's POSTs, PUTs and cancels are
 * decided by one writer in the order the gateway accepted them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WebPushRequest.Post.class, name = "post"),
    @JsonSubTypes.Type(value = WebPushRequest.Cancel.class, name = "cancel"),
})
public sealed interface WebPushRequest {
    MessageRef.Kind kind();

    String key();

    /**
     * An accepted POST.
     *
     * @param message   what the device will receive (its channel is the notification's)
     * @param kind      {@link MessageRef.Kind#UNIQUE} or {@link MessageRef.Kind#TOPIC}
     * @param key       the message's key: its random id or its topic ({@link MessageRef#key()})
     * @param topic     the {@code Topic} header, or null
     * @param urgency   the {@code Urgency} header as sent, {@code normal} when absent
     * @param bodyBytes the body's size in bytes (before base64url)
     */
    record Post(PushMessage message, MessageRef.Kind kind, String key, String topic, String urgency, int bodyBytes)
            implements WebPushRequest {
    }

    /** A {@code DELETE /m/<id>} (spec W4.8) whose id authenticated: remove that message if pending. */
    record Cancel(MessageRef.Kind kind, String key) implements WebPushRequest {
    }
}
