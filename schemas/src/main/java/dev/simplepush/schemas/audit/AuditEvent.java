package dev.simplepush.schemas.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.token.MessageRef;
import java.util.List;

/**
 * One step in the life of a device or a notification, written to the {@code audit} topic for
 * analysts: keyed by uaid (so one device's history is in one partition, in the order each writer
 * wrote it), the Kafka record timestamp set to {@link #time()}. The JSON carries a {@code type}
 * discriminator; each type has a JSON Schema, {@code audit/<type>.schema.json} on the
 * classpath (in {@code schemas/src/main/resources}).
 *
 * <p>Times are epoch milliseconds of the wall clock of the process that saw the fact: the gateway
 * for {@link Accepted}, streams-state for {@link Routed}, {@link Hello}, {@link Registered},
 * {@link Unregistered}, {@link Expired} and {@link SetAside}, the delivery node for {@link Delivered} and
 * {@link Acked}. Latencies between writers include their clock skew.
 *
 * <p>One record may stand for two facts ({@link #facts()}): a routing to a node travels with the
 * delivery it caused. streams-state puts its decision time in the command it sends the node
 * ({@code ReplyTo.routedAtMillis}), and the node writes it in its {@link Delivered} (or, if it
 * could not deliver, as the {@link Routed} itself), so a live update costs one audit record fewer
 * on streams-state's transactions.
 *
 * <p>Records are only ever added to, like every record on our topics: readers ignore unknown
 * properties.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AuditEvent.Accepted.class, name = "accepted"),
    @JsonSubTypes.Type(value = AuditEvent.Routed.class, name = "routed"),
    @JsonSubTypes.Type(value = AuditEvent.Delivered.class, name = "delivered"),
    @JsonSubTypes.Type(value = AuditEvent.Acked.class, name = "acked"),
    @JsonSubTypes.Type(value = AuditEvent.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = AuditEvent.Unregistered.class, name = "unregistered"),
    @JsonSubTypes.Type(value = AuditEvent.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = AuditEvent.Expired.class, name = "expired"),
    @JsonSubTypes.Type(value = AuditEvent.SetAside.class, name = "set_aside"),
    @JsonSubTypes.Type(value = AuditEvent.Posted.class, name = "posted"),
    @JsonSubTypes.Type(value = AuditEvent.PushRouted.class, name = "push_routed"),
    @JsonSubTypes.Type(value = AuditEvent.PushDelivered.class, name = "push_delivered"),
    @JsonSubTypes.Type(value = AuditEvent.PushAcked.class, name = "push_acked"),
    @JsonSubTypes.Type(value = AuditEvent.Nacked.class, name = "nacked"),
    @JsonSubTypes.Type(value = AuditEvent.PushRemoved.class, name = "push_removed"),
    @JsonSubTypes.Type(value = AuditEvent.Cancelled.class, name = "cancelled"),
    @JsonSubTypes.Type(value = AuditEvent.BroadcastSet.class, name = "broadcast_set"),
})
public sealed interface AuditEvent {
    /** The device: the record key. */
    String uaid();

    /** When it happened, epoch milliseconds: also the Kafka record timestamp. */
    long time();

    /**
     * The facts this record stands for, in the order they happened: itself, except for a
     * delivery that also carries its routing ({@link Delivered#routedAt()},
     * {@link PushDelivered#routedAt()}), which is a {@link Routed} (or {@link PushRouted}) and
     * then the delivery. Readers of the topic list facts, never records.
     */
    default List<AuditEvent> facts() {
        return List.of(this);
    }

    /**
     * The gateway answered a well-formed PUT whose token named this uaid and channel. Written
     * once the status is known, so after the steps that decided it; {@link #time()} is when the
     * PUT was accepted.
     *
     * @param status     the HTTP status returned: 200 delivered, 202 (or the configured stored
     *                   status) stored, 404 unknown endpoint, 503 the write to Kafka failed
     * @param dataLength UTF-8 bytes of the PUT's {@code data}, 0 when absent
     */
    record Accepted(int gatewayId, String requestId, String uaid, String channelId, long version, int dataLength,
            int status, long time) implements AuditEvent {
    }

    /**
     * streams-state decided where a notification goes.
     *
     * @param route        what it decided
     * @param nodeId       the node it was sent to; null unless {@link Route#NODE}
     * @param connectionId the connection it was sent to; null unless {@link Route#NODE}
     * @param requestId    the PUT's request id, to match its {@link Accepted}
     */
    record Routed(String uaid, String channelId, long version, Route route, Integer nodeId, String connectionId,
            String requestId, long time) implements AuditEvent {
    }

    /** Where streams-state sent a notification. */
    enum Route {
        /** To the node holding the device's live connection. */
        NODE,
        /** Kept pending: the device is offline. */
        STORED,
        /** Not kept: a higher version of the channel is already pending (spec §13.3). */
        SUPERSEDED,
        /** The uaid or channel is not registered: 404. */
        UNKNOWN,
        /** Not kept: the device is offline and no-store mode ({@code state.store.offline=false}) keeps nothing. */
        DROPPED
    }

    /**
     * A delivery node wrote a notification frame carrying this update to the device's socket.
     * One record per update of the frame.
     *
     * @param requestId the PUT's request id for a live delivery; null for the flush after hello
     * @param routedAt  when streams-state routed this PUT to the node ({@link Route#NODE}); null
     *                  when streams-state wrote that {@link Routed} itself. When set, the record
     *                  stands for both facts: see {@link #facts()}
     */
    record Delivered(int nodeId, String connectionId, String uaid, String channelId, long version, String requestId,
            long time, Long routedAt) implements AuditEvent {
        /** A delivery whose routing streams-state audited itself. */
        public Delivered(int nodeId, String connectionId, String uaid, String channelId, long version,
                String requestId, long time) {
            this(nodeId, connectionId, uaid, channelId, version, requestId, time, null);
        }

        @Override
        public List<AuditEvent> facts() {
            if (routedAt == null) {
                return List.of(this);
            }
            return List.of(new Routed(uaid, channelId, version, Route.NODE, nodeId, connectionId, requestId, routedAt),
                    new Delivered(nodeId, connectionId, uaid, channelId, version, requestId, time));
        }
    }

    /**
     * A device acked a version; one record per entry of its ack message.
     *
     * @param time when the node received the ack
     */
    record Acked(String uaid, String channelId, long version, int nodeId, String connectionId, long time)
            implements AuditEvent {
    }

    /** streams-state answered a register with {@code status} (200, or 503 when refused). */
    record Registered(String uaid, String channelId, int nodeId, String connectionId, int status, long time)
            implements AuditEvent {
    }

    /**
     * streams-state answered an unregister (always 200); pending updates of the channel are dropped.
     *
     * @param code the {@code code} the device gave (spec W2.2: Gecko's reason, 200, 201 or 202); 0 when absent
     */
    record Unregistered(String uaid, String channelId, int nodeId, String connectionId, int status, long time,
            int code) implements AuditEvent {
        /** Without a code: a SimplePush unregister. */
        public Unregistered(String uaid, String channelId, int nodeId, String connectionId, int status, long time) {
            this(uaid, channelId, nodeId, connectionId, status, time, 0);
        }
    }

    /**
     * streams-state decided a hello (spec §3.3).
     *
     * @param outcome      accepted (the device keeps this uaid) or reset (the node assigns a new one)
     * @param reason       why
     * @param channelCount how many {@code channelIDs} the device sent
     * @param pending      how many pending updates the flush after the hello carries
     */
    record Hello(String uaid, int nodeId, String connectionId, HelloOutcome outcome, HelloReason reason,
            int channelCount, int pending, long time) implements AuditEvent {
    }

    /** Why a hello was decided the way it was. */
    enum HelloReason {
        /** The uaid has state here: kept. */
        KNOWN,
        /** A uaid without state and without channels, or one the node generated: adopted. */
        ADOPTED,
        /** A second hello on a connection that completed one (rule 1): same uaid, new flush. */
        REPEATED,
        /** More channels than {@code hello.max.channels} (rule 4): state dropped, reset. */
        TOO_MANY_CHANNELS,
        /** Channels for a uaid this store never had (rule 5, client reset): reset. */
        UNKNOWN_WITH_CHANNELS,
        /** A data-mode hello with a uaid this store does not know (spec W1.2): reset, never adopted. */
        UNKNOWN_IN_DATA_MODE
    }

    /**
     * A pending update was dropped without being acked.
     *
     * @param reason why, e.g. {@code ttl} (free text so expiry policies can add reasons)
     */
    record Expired(String uaid, String channelId, long version, String reason, long time) implements AuditEvent {
    }

    /**
     * streams-state set a record aside instead of letting it stop its partition: it could not be
     * read, processing it failed, or one of its outputs could not be written. The record itself
     * is on the dead-letter topic; the rest of the partition went on.
     *
     * @param topic     the input topic of the record, e.g. {@code device-events}
     * @param partition its partition
     * @param offset    its offset
     * @param failure   what went wrong
     * @param error     the exception's class and message, shortened
     */
    record SetAside(String uaid, String topic, int partition, long offset, Failure failure, String error, long time)
            implements AuditEvent {
    }

    /** Why a record was set aside. */
    enum Failure {
        /** It could not be deserialized. */
        UNREADABLE,
        /** Processing it threw (e.g. a state value over the write limit): its effects stop there. */
        PROCESSING,
        /** One of its outputs could not be written (e.g. over the topic's size limit) and was dropped. */
        UNWRITABLE
    }

    // Web Push (spec W7.1). A message is named by its channel, kind and key (MessageRef), never by
    // its message id: the id lets whoever holds it cancel the message. No payload, JWT or token.

    /**
     * The gateway answered a POST whose token authenticated.
     *
     * @param kind         {@code UNIQUE} or {@code TOPIC}
     * @param key          the message's key: its random id, or its topic
     * @param ttl          the TTL used (after lowering to {@code webpush.max.ttl}); 0 if refused before
     * @param topic        the {@code Topic} header; null when absent
     * @param urgency      the urgency, {@code normal} when absent
     * @param encoding     the {@code Content-Encoding}; null for an empty body
     * @param bodyBytes    the body's size in bytes
     * @param vapidSubject the VAPID {@code sub} claim; null without VAPID
     * @param status       the HTTP status answered (201, or an error's)
     * @param errno        the error's errno (spec W4.9); 0 for 201
     */
    record Posted(int gatewayId, String requestId, String uaid, String channelId, MessageRef.Kind kind, String key,
            long ttl, String topic, String urgency, String encoding, int bodyBytes, String vapidSubject, int status,
            int errno, long time) implements AuditEvent {
    }

    /**
     * What streams-state decided for a POST, or for a PUT to a data-mode device (kind {@code VERSION}).
     *
     * @param nodeId       the node it was sent to; null unless {@link PushRoute#NODE}
     * @param connectionId the connection it was sent to; null unless {@link PushRoute#NODE}
     * @param requestId    the request's id, to match its {@link Posted} or {@link Accepted}
     */
    record PushRouted(String uaid, String channelId, MessageRef.Kind kind, String key, PushRoute route,
            Integer nodeId, String connectionId, String requestId, long time) implements AuditEvent {
    }

    /** Where streams-state sent a Web Push message. */
    enum PushRoute {
        /** Kept, and sent to the node holding the device's data-mode connection. */
        NODE,
        /** Kept pending: the device is offline, or its window of unacked messages is full (W3.4). */
        STORED,
        /** The uaid or channel is not registered: 410. */
        UNKNOWN,
        /** Over a pending cap (W4.7): not kept, 429. */
        OVER_CAP,
        /** TTL 0 and no data-mode connection (W4.5): not kept. */
        DROPPED,
        /** The device is in SimplePush mode: kept as a version update without data (W3.9). */
        AS_VERSION
    }

    /**
     * A delivery node wrote a Web Push message's {@code notification} frame to a socket.
     *
     * @param requestId the request's id for a live delivery; null for a flush or a window
     * @param routedAt  when streams-state routed this request to the node ({@link PushRoute#NODE});
     *                  null when streams-state wrote that {@link PushRouted} itself. When set, the
     *                  record stands for both facts: see {@link #facts()}
     */
    record PushDelivered(int nodeId, String connectionId, String uaid, String channelId, MessageRef.Kind kind,
            String key, String requestId, long time, Long routedAt) implements AuditEvent {
        /** A delivery whose routing streams-state audited itself. */
        public PushDelivered(int nodeId, String connectionId, String uaid, String channelId, MessageRef.Kind kind,
                String key, String requestId, long time) {
            this(nodeId, connectionId, uaid, channelId, kind, key, requestId, time, null);
        }

        @Override
        public List<AuditEvent> facts() {
            if (routedAt == null) {
                return List.of(this);
            }
            return List.of(new PushRouted(uaid, channelId, kind, key, PushRoute.NODE, nodeId, connectionId, requestId,
                    routedAt), new PushDelivered(nodeId, connectionId, uaid, channelId, kind, key, requestId, time));
        }
    }

    /**
     * A data-mode device acked a message (W2.3).
     *
     * @param code    100 delivered, 101 decryption failed, 102 not delivered
     * @param removed whether a pending message was removed (false: unknown, expired or already gone)
     * @param time    when the node received the ack
     */
    record PushAcked(String uaid, String channelId, MessageRef.Kind kind, String key, int code, boolean removed,
            int nodeId, String connectionId, long time) implements AuditEvent {
    }

    /**
     * A device sent a {@code nack} (W2.4). {@code channelId}, {@code kind} and {@code key} are null
     * when its version is not a message id of the device.
     */
    record Nacked(String uaid, String channelId, MessageRef.Kind kind, String key, int code, int nodeId,
            String connectionId, long time) implements AuditEvent {
    }

    /** streams-state dropped a pending Web Push message without an ack. */
    record PushRemoved(String uaid, String channelId, MessageRef.Kind kind, String key, RemoveReason reason,
            long time) implements AuditEvent {
    }

    /** Why a pending Web Push message was dropped. */
    enum RemoveReason {
        /** Its TTL ran out. */
        EXPIRED,
        /** A newer message with the same topic (or, for kind VERSION, a newer PUT) took its place (W4.6). */
        REPLACED,
        /** Its channel was unregistered (W2.2). */
        UNREGISTERED,
        /** The uaid's state was dropped: a hello reset it, or it was unseen for {@code state.uaid.ttl}. */
        RESET
    }

    /**
     * streams-state applied a {@code DELETE /m/<id>} (W4.8).
     *
     * @param pending whether the message was still pending (and is now removed)
     */
    record Cancelled(String uaid, String channelId, MessageRef.Kind kind, String key, String requestId,
            boolean pending, long time) implements AuditEvent {
    }

    /**
     * A broadcast's version was set (webpush.md W6): through the HTTP API or the CLI, written once
     * the version is in the {@code broadcasts} topic. A broadcast belongs to no device, so the
     * record key, {@link #uaid()}, is the broadcast id: it contains a {@code /}, which no uaid
     * does, so it never mixes with a device's history, and every change of one broadcast is in one
     * partition, in order ({@code ./simplepush audit --uaid remote-settings/monitor_changes}).
     *
     * @param broadcastId     {@code <broadcaster>/<channel>}
     * @param version         the version set: public, every subscribed browser is told it
     * @param previousVersion the version the writer knew before; null if it knew none
     * @param setBy           {@code api:<broadcaster>} (the broadcaster whose token authorized it,
     *                        never the token) or {@code cli}
     * @param gatewayId       the gateway that served the API request; null for the CLI
     */
    record BroadcastSet(String broadcastId, String version, String previousVersion, String setBy, Integer gatewayId,
            long time) implements AuditEvent {
        /** The record key: the broadcast id. */
        @Override
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String uaid() {
            return broadcastId;
        }
    }
}
