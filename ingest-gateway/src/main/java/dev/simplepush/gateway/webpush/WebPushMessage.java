package dev.simplepush.gateway.webpush;

import java.util.Objects;
import java.util.Optional;

/**
 * A POST that passed the checks of spec W4.2: what streams-state stores and the device gets.
 *
 * @param ttlSeconds the TTL used (the request's, lowered to {@code webpush.max.ttl}); the 201
 *                   answers it in its {@code TTL} header
 * @param topic      the Topic header, if any (W4.6)
 * @param urgency    the Urgency header, {@link Urgency#NORMAL} when absent
 * @param encoding   the content coding, empty exactly when the body is empty
 * @param encryption the {@code Encryption} header as received, for aesgcm only (else null)
 * @param cryptoKey  the {@code Crypto-Key} header as received, for aesgcm only (else null)
 * @param body       the body, byte-exact
 */
public record WebPushMessage(long ttlSeconds, Optional<String> topic, Urgency urgency,
        Optional<ContentEncoding> encoding, String encryption, String cryptoKey, byte[] body) {

    public WebPushMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(body, "body");
    }

    /** The body itself, not a copy: requests are large and read once; callers must not change it. */
    @Override
    public byte[] body() {
        return body;
    }

    /** Never the payload (spec W7.1): its size and coding only. */
    @Override
    public String toString() {
        return "WebPushMessage[ttl=" + ttlSeconds + ", topic=" + topic.orElse("-") + ", urgency=" + urgency.header()
                + ", encoding=" + encoding.map(ContentEncoding::header).orElse("-") + ", bytes=" + body.length + "]";
    }
}
