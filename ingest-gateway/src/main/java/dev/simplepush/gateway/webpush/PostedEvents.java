package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.util.Optional;

/**
 * The {@link AuditEvent.Posted} record of a POST whose token authenticated (spec W7.1): the message
 * is named by channel, kind and key, never by its message id (which allows a DELETE), and the
 * record holds the body's size and coding, never the body, the JWT or the token.
 */
public final class PostedEvents {

    private PostedEvents() {
    }

    /** A POST that passed the gateway's checks, answered with {@code status} (201, or 410, 429, 503). */
    public static AuditEvent.Posted of(int gatewayId, String requestId, AcceptedPost post, int status, int errno,
            long time) {
        MessageRef ref = post.messageRef();
        WebPushMessage message = post.message();
        return new AuditEvent.Posted(gatewayId, requestId, ref.uaid(), ref.channelId(), ref.kind(), ref.key(),
                message.ttlSeconds(), message.topic().orElse(null), message.urgency().header(),
                message.encoding().map(ContentEncoding::header).orElse(null), message.body().length,
                subject(post.vapid()), status, errno, time);
    }

    /**
     * A POST refused after its token authenticated (VAPID, size, headers). It never became a
     * message, so its key is a fresh random one that names nothing; ttl is 0 and the urgency
     * {@code normal}, since the headers may be what was wrong.
     *
     * @param vapid     the verified claims, if VAPID passed before the refusal
     * @param bodyBytes the body's size if it was read, else 0
     */
    public static AuditEvent.Posted refused(int gatewayId, String requestId, EndpointAddress address,
            Optional<VapidClaims> vapid, int bodyBytes, WebPushRejection rejection, long time) {
        MessageRef ref = MessageIds.newUnique(address.uaid(), address.channelId());
        return new AuditEvent.Posted(gatewayId, requestId, ref.uaid(), ref.channelId(), ref.kind(), ref.key(), 0,
                null, Urgency.NORMAL.header(), null, bodyBytes, subject(vapid), rejection.error().status(),
                rejection.error().errno(), time);
    }

    private static String subject(Optional<VapidClaims> vapid) {
        return vapid.map(VapidClaims::subject).orElse(null);
    }
}
