package dev.simplepush.state;

import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.token.MessageRef;

/**
 * A pending Web Push message, the value of a {@code push-messages} row keyed {@code uaid/<seq>}.
 *
 * @param message          what the device is sent (spec W3.1), its message id included
 * @param kind             what {@code key} is: a unique id, a topic, or a PUT's version (W3.9)
 * @param key              the message's key within its channel ({@link MessageRef#key()})
 * @param expiresAtMillis  when its TTL runs out: acceptance time plus TTL
 * @param bodyBytes        the body's size in bytes, for {@code webpush.max.pending.bytes.per.uaid}
 * @param acceptedAtMillis when the gateway accepted it: the version it becomes for a device that
 *                         says hello in SimplePush mode
 */
record StoredMessage(PushMessage message, MessageRef.Kind kind, String key, long expiresAtMillis, int bodyBytes,
        long acceptedAtMillis) {

    String channelId() {
        return message.channelId();
    }

    boolean expiredBy(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    /** The version a SimplePush-mode device gets for it (W3.9): a PUT's own, else the acceptance time. */
    long asVersion() {
        if (kind == MessageRef.Kind.VERSION) {
            try {
                return Long.parseLong(key);
            } catch (NumberFormatException e) {
                return acceptedAtMillis;
            }
        }
        return acceptedAtMillis;
    }
}
