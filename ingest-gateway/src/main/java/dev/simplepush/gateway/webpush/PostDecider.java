package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.Subscription;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything the gateway decides about an RFC 8030 POST to {@code /update/<token>} before
 * Kafka has a say, in two steps so that a sender who may not send never gets its body read:
 *
 * <ol>
 *   <li>{@link #authorize} from the token and headers: 404 errno 102 for a token that does not
 *       authenticate (W4.3), then VAPID (W5): 401 errno 109 for a failed rule or a restricted
 *       subscription without VAPID, 403 errno 109 for a restricted one signed with another key,
 *       and a declared {@code Content-Length} over the limit (413 errno 104);</li>
 *   <li>{@link #accept} with the body: the rules of W4.2 ({@link PostValidator}), then the message
 *       id (W4.4: by topic if there is one, so it is stable per channel and topic; else unique).</li>
 * </ol>
 *
 * Whether the channel is registered (410 errno 106) is streams-state's decision, after the write.
 */
public final class PostDecider {
    private final SubscriptionTokens tokens;
    private final MessageIds messageIds;
    private final PostValidator validator;
    private final VapidVerifier vapid;
    private final WebPushSettings settings;

    public PostDecider(SubscriptionTokens tokens, MessageIds messageIds, PostValidator validator, VapidVerifier vapid,
            WebPushSettings settings) {
        this.tokens = tokens;
        this.messageIds = messageIds;
        this.validator = validator;
        this.vapid = vapid;
        this.settings = settings;
    }

    public static PostDecider from(WebPushSettings settings, EndpointTokens endpointTokens, Clock clock) {
        return new PostDecider(new SubscriptionTokens(endpointTokens), new MessageIds(endpointTokens),
                PostValidator.from(settings), VapidVerifier.from(settings, clock), settings);
    }

    /** The most body bytes to read; one more is a 413. */
    public int maxPayloadBytes() {
        return validator.maxPayloadBytes();
    }

    /** The 413 errno 104 for a body that outgrew {@link #maxPayloadBytes()} while being read. */
    public WebPushRejection tooLarge() {
        return validator.tooLarge();
    }

    /**
     * @param contentLength the declared body length, or -1 when chunked or absent
     */
    public AuthorizedPost authorize(String token, RequestHeaders headers, long contentLength) throws WebPushRejection {
        return authorize(subscription(token), headers, contentLength);
    }

    /** What a token names, or 404 errno 102 (W4.3): the first check, before anything is audited. */
    public Subscription subscription(String token) throws WebPushRejection {
        return tokens.decode(token).orElseThrow(() ->
                new WebPushRejection(WebPushError.INVALID_TOKEN, "Invalid URL endpoint"));
    }

    /**
     * The checks after the token's: VAPID, then the declared size. The route calls this with the
     * subscription it decoded, so that it knows the channel of a POST refused here (W7.1 audits it).
     *
     * @param contentLength the declared body length, or -1 when chunked or absent
     */
    public AuthorizedPost authorize(Subscription subscription, RequestHeaders headers, long contentLength)
            throws WebPushRejection {
        Optional<VapidCredentials> credentials = VapidCredentials.from(headers);
        Optional<VapidClaims> claims = Optional.empty();
        if (credentials.isEmpty()) {
            if (subscription.restricted()) {
                throw WebPushRejection.vapid(VapidRule.REQUIRED);
            }
        } else {
            claims = Optional.of(vapid.verify(credentials.get()));
            if (subscription.restricted() && !subscription.boundTo(claims.get().publicKey())) {
                throw WebPushRejection.vapid(VapidRule.KEY_MISMATCH);
            }
        }
        validator.checkContentLength(contentLength);
        return new AuthorizedPost(subscription, claims);
    }

    public AcceptedPost accept(AuthorizedPost authorized, RequestHeaders headers, byte[] body) throws WebPushRejection {
        WebPushMessage message = validator.validate(headers, body);
        String uaid = authorized.subscription().address().uaid();
        String channelId = authorized.subscription().address().channelId();
        MessageRef ref = message.topic()
                .map(topic -> MessageRef.topic(uaid, channelId, topic))
                .orElseGet(() -> MessageIds.newUnique(uaid, channelId));
        String id = messageIds.encode(ref);
        return new AcceptedPost(authorized.subscription(), authorized.vapid(), message, ref, id,
                settings.messageLocation(id));
    }

    /** {@code DELETE /m/<id>} (W4.8): what the id names, or 404 errno 102. */
    public MessageRef cancel(String messageId) throws WebPushRejection {
        return messageIds.decode(messageId).orElseThrow(() ->
                new WebPushRejection(WebPushError.INVALID_TOKEN, "Invalid message id"));
    }
}
