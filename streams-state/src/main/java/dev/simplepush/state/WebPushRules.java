package dev.simplepush.state;

import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import java.util.List;
import java.util.Objects;

/**
 * How streams-state keeps Web Push messages (spec W3.4, W4.7).
 *
 * @param maxUnacked             {@code webpush.max.unacked}, default 100: messages in flight per
 *                               connection; the rest follow as acks arrive
 * @param maxPendingPerChannel   {@code webpush.max.pending.per.channel}, default 100: a POST that
 *                               would keep more gets 429 (a topic replacement is not a new one)
 * @param maxPendingBytesPerUaid {@code webpush.max.pending.bytes.per.uaid}, default 1 MiB: body
 *                               bytes kept per uaid; a POST beyond gets 429
 * @param messageIds             the message ids of PUTs to data-mode devices (W3.9), sealed under
 *                               {@code token.keys} like the gateway's, so the nodes can read acks
 */
public record WebPushRules(int maxUnacked, int maxPendingPerChannel, int maxPendingBytesPerUaid,
        MessageIds messageIds) {
    public static final String MAX_UNACKED_KEY = "webpush.max.unacked";
    public static final String MAX_PENDING_PER_CHANNEL_KEY = "webpush.max.pending.per.channel";
    public static final String MAX_PENDING_BYTES_PER_UAID_KEY = "webpush.max.pending.bytes.per.uaid";
    public static final int DEFAULT_MAX_UNACKED = 100;
    public static final int DEFAULT_MAX_PENDING_PER_CHANNEL = 100;
    public static final int DEFAULT_MAX_PENDING_BYTES_PER_UAID = 1024 * 1024;

    public WebPushRules {
        Objects.requireNonNull(messageIds, "messageIds");
        if (maxUnacked < 1 || maxPendingPerChannel < 1 || maxPendingBytesPerUaid < 0) {
            throw new IllegalArgumentException("Web Push limits must be positive");
        }
    }

    /** The defaults, with message ids under a key of this process only (tests). */
    public static WebPushRules defaults() {
        return withDefaults(new MessageIds(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()))));
    }

    public static WebPushRules withDefaults(MessageIds ids) {
        return new WebPushRules(DEFAULT_MAX_UNACKED, DEFAULT_MAX_PENDING_PER_CHANNEL,
                DEFAULT_MAX_PENDING_BYTES_PER_UAID, ids);
    }
}
