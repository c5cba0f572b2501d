package dev.simplepush.state;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.Ids;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.PushRoute;
import dev.simplepush.schemas.audit.AuditEvent.RemoveReason;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.state.PushRows.Pending;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * The Web Push decisions of the single writer (spec W2.2–W2.4, W3.2–W3.4, W3.9, W4.4–W4.8): a
 * per-uaid queue of messages with expiry, topic replacement, cancel, caps, the flush after a
 * hello and flow control. {@link DeviceStateProcessor} hands it what concerns a data-mode device,
 * after its own checks (the uaid and channel are registered, the presence is live).
 *
 * <p>Flow control (W3.4): the device row's {@link PushQueue} says which messages were sent on the
 * live connection ({@code sentSeq}) and how many of those are unacked ({@code inFlight}). A new
 * message goes out live only when every earlier one was sent and the window has room; otherwise it
 * waits, and each ack from the live connection sends the next ones in order.
 */
final class WebPushDecider {
    /** Room in a Deliver for the node, connection and uaid, and JSON framing. */
    private static final int DELIVER_OVERHEAD_BYTES = 2_048;

    private final DeviceState state;
    private final PushRows rows;
    private final WebPushRules rules;
    private final Housekeeping housekeeping;
    private final boolean storeOffline;
    private final int maxDeliverBytes;
    private final StateOutputs out;
    private final WebPushCounters counters;

    WebPushDecider(DeviceState state, PushRows rows, WebPushRules rules, Housekeeping housekeeping,
            boolean storeOffline, int maxRecordBytes, StateOutputs out, WebPushCounters counters) {
        this.state = state;
        this.rows = rows;
        this.rules = rules;
        this.housekeeping = housekeeping;
        this.storeOffline = storeOffline;
        this.maxDeliverBytes = Math.max(1, maxRecordBytes - DELIVER_OVERHEAD_BYTES);
        this.out = out;
        this.counters = counters;
    }

    PushEdit edit(String uaid, Registration registration) {
        return new PushEdit(uaid, registration.queue(), rows);
    }

    // --- POST and PUT -----------------------------------------------------------------------------

    /**
     * A POST to a registered channel of a data-mode device (W4.4–W4.7).
     *
     * @param presence the live connection, or null
     */
    void onPost(Notification notification, WebPushRequest.Post post, Registration registration, Presence presence) {
        String uaid = notification.uaid();
        String channelId = notification.channelId();
        long now = out.now();
        // The channel is the notification's, which the gateway took from the token.
        PushMessage sent = post.message();
        PushMessage message = new PushMessage(channelId, sent.messageId(), sent.ttl(), sent.data(), sent.headers());
        long accepted = notification.acceptedAtMillis() > 0 ? notification.acceptedAtMillis() : now;
        // The gateway caps the TTL (webpush.max.ttl); the bound here only keeps the sum from overflowing.
        long expiresAt = accepted + Math.min(Math.max(0, sent.ttl()), Integer.MAX_VALUE) * 1000L;
        if (sent.ttl() <= 0 || !storeOffline || expiresAt <= now) {
            // W4.5: kept for no time at all, so delivered only if it can be now.
            sendUnkept(notification, message, post.kind(), post.key(), presence);
            return;
        }
        PushEdit queue = edit(uaid, registration);
        Pending replaced = queue.find(channelId, post.kind(), post.key());
        int inChannel = queue.countChannel(channelId, rules.maxPendingPerChannel() + 1) - (replaced == null ? 0 : 1);
        long bytesAfter = queue.bytes() - (replaced == null ? 0 : replaced.message().bodyBytes()) + post.bodyBytes();
        if (inChannel >= rules.maxPendingPerChannel() || bytesAfter > rules.maxPendingBytesPerUaid()) {
            out.reply(notification, PutOutcome.PENDING_FULL);
            routed(notification, post.kind(), post.key(), PushRoute.OVER_CAP);
            return;
        }
        if (replaced != null) {
            queue.remove(replaced);
            removed(uaid, replaced.message(), RemoveReason.REPLACED);
        }
        StoredMessage stored = new StoredMessage(message, post.kind(), post.key(), expiresAt,
                Math.max(0, post.bodyBytes()), accepted);
        storeAndRoute(notification, queue, stored, presence);
        state.putRegistration(uaid, registration.withQueue(queue.toQueue()));
    }

    /**
     * A SimplePush PUT to a registered channel of a data-mode device (W3.9): a message without data
     * whose id names the version; the newest version of the channel wins.
     */
    void onPut(Notification notification, Registration registration, Presence presence) {
        String uaid = notification.uaid();
        String channelId = notification.channelId();
        String key = Long.toString(notification.version());
        long ttlSeconds = housekeeping.pendingTtl().toSeconds();
        PushMessage message = new PushMessage(channelId,
                rules.messageIds().encode(MessageRef.version(uaid, channelId, notification.version())), ttlSeconds,
                null, null);
        if (!storeOffline) {
            sendUnkept(notification, message, MessageRef.Kind.VERSION, key, presence);
            return;
        }
        PushEdit queue = edit(uaid, registration);
        Pending older = queue.find(channelId, MessageRef.Kind.VERSION, key);
        if (older != null && older.message().asVersion() >= notification.version()) {
            // As spec §13.3: the newer version is kept and this one is not sent; the PUT gets the
            // status it would have had, which with a presence only the node knows.
            if (presence == null) {
                out.reply(notification, PutOutcome.STORED);
            } else {
                out.live(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), uaid, List.of(),
                        replyTo(notification)));
            }
            out.audit(new AuditEvent.Routed(uaid, channelId, notification.version(), AuditEvent.Route.SUPERSEDED,
                    null, null, notification.requestId(), out.now()));
            return;
        }
        if (older != null) {
            queue.remove(older);
            removed(uaid, older.message(), RemoveReason.REPLACED);
        }
        long now = out.now();
        StoredMessage stored = new StoredMessage(message, MessageRef.Kind.VERSION, key,
                now + housekeeping.pendingTtl().toMillis(), 0, notification.acceptedAtMillis());
        storeAndRoute(notification, queue, stored, presence);
        state.putRegistration(uaid, registration.withQueue(queue.toQueue()));
    }

    /** Stores the message, then sends it live if it is next and the window has room, else answers stored. */
    private void storeAndRoute(Notification notification, PushEdit queue, StoredMessage stored, Presence presence) {
        long seq = queue.add(stored);
        counters.add(MetricName.STATE_WEBPUSH_BODY_BYTES, "added", stored.bodyBytes());
        if (presence != null && queue.isNextToSend(seq, rules.maxUnacked())) {
            queue.markSent(seq);
            // The node writes the frame and answers the gateway: delivered, or stored if the
            // connection has gone meanwhile.
            out.live(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), notification.uaid(),
                    List.of(), out.routedToNode(notification), false, List.of(stored.message())));
            routedToNode();
        } else {
            out.reply(notification, PutOutcome.STORED);
            routed(notification, stored.kind(), stored.key(), PushRoute.STORED);
        }
    }

    /** TTL 0 (or no-store mode): to a live connection without keeping it, else dropped. */
    private void sendUnkept(Notification notification, PushMessage message, MessageRef.Kind kind, String key,
            Presence presence) {
        if (presence == null) {
            out.reply(notification, PutOutcome.DROPPED);
            routed(notification, kind, key, PushRoute.DROPPED);
            return;
        }
        out.live(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), notification.uaid(), List.of(),
                out.routedToNode(notification), true, List.of(message)));
        routedToNode();
    }

    /** W4.8: removes the message if it is still pending; the gateway has already answered 204. */
    void onCancel(Notification notification, WebPushRequest.Cancel cancel, Presence presence) {
        String uaid = notification.uaid();
        String channelId = notification.channelId();
        boolean pending = false;
        Registration registration = state.registration(uaid);
        if (registration != null && registration.push() != null && cancel.kind() != null
                && PushKeys.isValidKey(cancel.key()) && Ids.isValid(channelId)) {
            PushEdit queue = edit(uaid, registration);
            Pending found = queue.find(channelId, cancel.kind(), cancel.key());
            if (found != null && found.message().key().equals(cancel.key())) {
                queue.remove(found);
                pending = true;
                counters.increment(MetricName.STATE_WEBPUSH_REMOVED, "cancelled");
                counters.add(MetricName.STATE_WEBPUSH_BODY_BYTES, "removed", found.message().bodyBytes());
                sendWindow(queue, registration, presence);
                state.putRegistration(uaid, registration.withQueue(queue.toQueue()));
            }
        }
        out.audit(new AuditEvent.Cancelled(uaid, channelId, cancel.kind(), cancel.key(), notification.requestId(),
                pending, out.now()));
    }

    // --- device events ----------------------------------------------------------------------------

    /**
     * W2.3: each entry removes its message if it was sent on the live connection (an ack for a
     * message not sent there, e.g. a topic message replaced since, is not its ack); then the next
     * window goes out if the ack came from the live connection.
     *
     * @param presence the live connection if the ack came from it, else null
     * @return the device row with the queue's new counters, or null if nothing changed
     */
    Registration onAck(DeviceEvent.PushAck ack, Registration registration, Presence presence, long ackedAt) {
        String uaid = ack.uaid();
        PushEdit queue = registration == null ? null : edit(uaid, registration);
        for (DeviceEvent.PushAckEntry entry : ack.entries()) {
            if (entry == null || !Ids.isValid(entry.channelId()) || entry.kind() == null
                    || !PushKeys.isValidKey(entry.key())) {
                // The node drops these; nothing of this form is pending.
                continue;
            }
            counters.increment(MetricName.STATE_WEBPUSH_ACKS, WebPushCounters.codeTag(MetricName.STATE_WEBPUSH_ACKS,
                    entry.code()));
            boolean removed = false;
            if (queue != null) {
                Pending found = queue.find(entry.channelId(), entry.kind(), entry.key());
                if (found != null && acks(entry, found.message()) && queue.wasSent(found)) {
                    queue.remove(found);
                    removed = true;
                    counters.increment(MetricName.STATE_WEBPUSH_REMOVED, "acked");
                    counters.add(MetricName.STATE_WEBPUSH_BODY_BYTES, "removed", found.message().bodyBytes());
                }
            }
            out.audit(new AuditEvent.PushAcked(uaid, entry.channelId(), entry.kind(), entry.key(), entry.code(),
                    removed, ack.nodeId(), ack.connectionId(), ackedAt));
        }
        if (queue == null) {
            return null;
        }
        sendWindow(queue, registration, presence);
        return queue.changed() ? registration.withQueue(queue.toQueue()) : null;
    }

    /** An ack names the message, or for a version an older one than it acks (newest wins). */
    private static boolean acks(DeviceEvent.PushAckEntry entry, StoredMessage message) {
        if (entry.kind() != MessageRef.Kind.VERSION) {
            return message.key().equals(entry.key());
        }
        try {
            return Long.parseLong(entry.key()) >= message.asVersion();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** W2.4: recorded only. */
    void onNack(DeviceEvent.Nack nack, long atMillis) {
        counters.increment(MetricName.STATE_WEBPUSH_NACKS,
                WebPushCounters.codeTag(MetricName.STATE_WEBPUSH_NACKS, nack.code()));
        // What the node decoded from a message id; anything else names no message, and could be large.
        boolean named = Ids.isValid(nack.channelId()) && nack.kind() != null && PushKeys.isValidKey(nack.key());
        out.audit(new AuditEvent.Nacked(nack.uaid(), named ? nack.channelId() : null, named ? nack.kind() : null,
                named ? nack.key() : null, nack.code(), nack.nodeId(), nack.connectionId(), atMillis));
    }

    /**
     * W2.2: drops the channel's messages (after the channel itself is gone).
     *
     * @return the device row with the queue's new counters, or null if nothing changed
     */
    Registration onUnregister(String uaid, String channelId, Registration registration, Presence presence) {
        if (registration == null || registration.push() == null) {
            return null;
        }
        PushEdit queue = edit(uaid, registration);
        for (Pending pending : queue.channel(channelId)) {
            queue.remove(pending);
            removed(uaid, pending.message(), RemoveReason.UNREGISTERED);
        }
        if (!queue.changed()) {
            return null;
        }
        sendWindow(queue, registration, presence);
        return registration.withQueue(queue.toQueue());
    }

    // --- hello ------------------------------------------------------------------------------------

    /** What a hello sends after its result: the device row to write and the first window. */
    record HelloFlush(Registration registration, List<PushMessage> messages) {
    }

    /**
     * An accepted hello, in {@code registration}'s mode: converts what is pending to that mode
     * (W3.9: SimplePush versions become data-less messages, messages become versions), starts a new
     * watermark (W3.3) and takes the first window of a data-mode flush.
     */
    HelloFlush onHello(String uaid, Registration registration) {
        if (!storeOffline) {
            return new HelloFlush(registration, List.of());
        }
        PushEdit queue = edit(uaid, registration);
        List<PushMessage> window = List.of();
        if (registration.webPush()) {
            versionsToMessages(uaid, queue);
            queue.newConnection();
            window = queue.takeWindow(rules.maxUnacked(), out.now(),
                    pending -> removed(uaid, pending.message(), RemoveReason.EXPIRED)).stream()
                    .map(pending -> pending.message().message()).toList();
        } else if (queue.count() > 0) {
            messagesToVersions(uaid, queue);
        }
        boolean changed = queue.changed() && (registration.push() != null || queue.count() > 0);
        return new HelloFlush(changed ? registration.withQueue(queue.toQueue()) : registration, window);
    }

    private void versionsToMessages(String uaid, PushEdit queue) {
        SortedMap<String, PendingVersion> versions = state.pending(uaid);
        long now = out.now();
        for (var entry : versions.entrySet()) {
            String channelId = entry.getKey();
            long version = entry.getValue().version();
            state.clearPending(uaid, channelId);
            Pending newer = queue.find(channelId, MessageRef.Kind.VERSION, null);
            if (newer != null && newer.message().asVersion() >= version) {
                continue;
            }
            if (newer != null) {
                queue.remove(newer);
                removed(uaid, newer.message(), RemoveReason.REPLACED);
            }
            long expiresAt = entry.getValue().storedAtMillis() + housekeeping.pendingTtl().toMillis();
            long ttl = Math.max(1, (expiresAt - now) / 1000);
            queue.add(new StoredMessage(new PushMessage(channelId,
                    rules.messageIds().encode(MessageRef.version(uaid, channelId, version)), ttl, null, null),
                    MessageRef.Kind.VERSION, Long.toString(version), expiresAt, 0, entry.getValue().storedAtMillis()));
        }
    }

    private void messagesToVersions(String uaid, PushEdit queue) {
        long now = out.now();
        for (Pending pending : queue.all()) {
            StoredMessage message = pending.message();
            queue.remove(pending);
            counters.add(MetricName.STATE_WEBPUSH_BODY_BYTES, "removed", message.bodyBytes());
            if (message.expiredBy(now)) {
                removedAudited(uaid, message, RemoveReason.EXPIRED);
                continue;
            }
            counters.increment(MetricName.STATE_WEBPUSH_REMOVED, "converted");
            PendingVersion current = state.pendingOf(uaid, message.channelId());
            long version = message.asVersion();
            if (current == null || current.version() < version) {
                state.putPending(uaid, message.channelId(), new PendingVersion(version, now));
            }
        }
    }

    /** Writes a data-mode flush after its hello result, on {@code node-commands}. */
    void sendFlush(int nodeId, String connectionId, String uaid, List<PushMessage> messages) {
        for (List<PushMessage> part : split(messages)) {
            out.toNode(new NodeCommand.Deliver(nodeId, connectionId, uaid, List.of(), null, false, part));
        }
    }

    /**
     * The next window to the live connection, if any: on the live-delivery path, so it keeps its
     * order with later live deliveries, which take the same path.
     */
    void sendWindow(PushEdit queue, Registration registration, Presence presence) {
        if (presence == null || !registration.webPush() || !storeOffline) {
            return;
        }
        List<PushMessage> window = new ArrayList<>();
        for (Pending pending : queue.takeWindow(rules.maxUnacked(), out.now(),
                expired -> removed(queue.uaid(), expired.message(), RemoveReason.EXPIRED))) {
            window.add(pending.message().message());
        }
        for (List<PushMessage> part : split(window)) {
            out.live(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), queue.uaid(), List.of(), null,
                    false, part));
        }
    }

    /** Messages in Delivers that each fit the write limit (a window of large messages may not fit one). */
    List<List<PushMessage>> split(List<PushMessage> messages) {
        List<List<PushMessage>> parts = new ArrayList<>();
        List<PushMessage> part = new ArrayList<>();
        int bytes = 0;
        for (PushMessage message : messages) {
            int size = estimatedBytes(message);
            if (!part.isEmpty() && bytes + size > maxDeliverBytes) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(message);
            bytes += size;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /**
     * An upper bound of a message's JSON: channel id, message id and data are ASCII that JSON
     * never escapes; header values are free text, each character at most 6 bytes escaped.
     */
    static int estimatedBytes(PushMessage message) {
        int bytes = 128 + length(message.channelId()) + length(message.messageId()) + length(message.data());
        if (message.headers() != null) {
            bytes += 96 + 6 * (length(message.headers().encoding()) + length(message.headers().encryption())
                    + length(message.headers().cryptoKey()));
        }
        return bytes;
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    // --- removals ---------------------------------------------------------------------------------

    /** Everything of a forgotten uaid (a reset, or its TTL): W4.7 "the uaid being reset". */
    void forgotten(String uaid, List<Pending> messages) {
        messages.forEach(pending -> removed(uaid, pending.message(), RemoveReason.RESET));
    }

    /** The audit record and the counters of a message dropped without an ack. */
    void removed(String uaid, StoredMessage message, RemoveReason reason) {
        counters.add(MetricName.STATE_WEBPUSH_BODY_BYTES, "removed", message.bodyBytes());
        removedAudited(uaid, message, reason);
    }

    private void removedAudited(String uaid, StoredMessage message, RemoveReason reason) {
        counters.increment(MetricName.STATE_WEBPUSH_REMOVED, reason.name().toLowerCase(Locale.ROOT));
        out.audit(new AuditEvent.PushRemoved(uaid, message.channelId(), message.kind(), message.key(), reason,
                out.now()));
    }

    /** A routing to no node; one to a node is audited by the node ({@link #routedToNode()}). */
    private void routed(Notification notification, MessageRef.Kind kind, String key, PushRoute route) {
        counters.increment(MetricName.STATE_WEBPUSH_ROUTED, route.name().toLowerCase(Locale.ROOT));
        out.audit(new AuditEvent.PushRouted(notification.uaid(), notification.channelId(), kind, key, route,
                null, null, notification.requestId(), out.now()));
    }

    /** Counted only: the node audits this routing with its delivery ({@link StateOutputs#routedToNode}). */
    private void routedToNode() {
        counters.increment(MetricName.STATE_WEBPUSH_ROUTED, PushRoute.NODE.name().toLowerCase(Locale.ROOT));
    }

    /** Counted and audited by the processor for a SimplePush-mode device (W3.9). */
    void routedAsVersion(Notification notification, WebPushRequest.Post post) {
        routed(notification, post.kind(), post.key(), PushRoute.AS_VERSION);
    }

    static NodeCommand.ReplyTo replyTo(Notification notification) {
        return new NodeCommand.ReplyTo(notification.gatewayId(), notification.requestId(),
                notification.acceptedAtMillis());
    }
}
