package dev.simplepush.schemas;

/**
 * One Web Push message as a data-mode device receives it (spec W3.1): one {@code notification}
 * frame each.
 *
 * @param channelId the channel, exactly as the device registered it
 * @param messageId the message id (spec W4.4), sent as the frame's {@code version}; Gecko
 *                  de-duplicates on it and acks with it
 * @param ttl       seconds the message is kept, as answered in the 201's {@code TTL}
 * @param data      the request body exactly as received, base64url without padding; null for an
 *                  empty body (and then {@code headers} is null too)
 * @param headers   how the body is encrypted; null when {@code data} is null
 */
public record PushMessage(String channelId, String messageId, long ttl, String data, PushHeaders headers) {
}
