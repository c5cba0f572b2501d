package dev.simplepush.schemas.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;

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
})
public sealed interface AuditEvent {
    /** The device: the record key. */
    String uaid();

    /** When it happened, epoch milliseconds: also the Kafka record timestamp. */
    long time();

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
     */
    record Delivered(int nodeId, String connectionId, String uaid, String channelId, long version, String requestId,
            long time) implements AuditEvent {
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

    /** streams-state answered an unregister (always 200); pending updates of the channel are dropped. */
    record Unregistered(String uaid, String channelId, int nodeId, String connectionId, int status, long time)
            implements AuditEvent {
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
        UNKNOWN_WITH_CHANNELS
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
}
