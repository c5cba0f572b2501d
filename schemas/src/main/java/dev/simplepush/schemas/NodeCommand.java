package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What streams-state tells a delivery node: written to partition {@code nodeId} of
 * {@code node-commands}, keyed by uaid. Commands for one uaid are in order, so a hello result
 * always precedes the flush that follows it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NodeCommand.HelloResult.class, name = "hello-result"),
    @JsonSubTypes.Type(value = NodeCommand.RegisterResult.class, name = "register-result"),
    @JsonSubTypes.Type(value = NodeCommand.UnregisterResult.class, name = "unregister-result"),
    @JsonSubTypes.Type(value = NodeCommand.Deliver.class, name = "deliver"),
    @JsonSubTypes.Type(value = NodeCommand.CloseConnection.class, name = "close"),
})
public sealed interface NodeCommand {
    int nodeId();

    String connectionId();

    String uaid();

    /** How streams-state decided a hello (spec §3.3 rules 4–6). */
    enum HelloOutcome {
        /** The uaid is kept (known) or adopted (unknown, no channels): reply 200 with it. */
        ACCEPTED,
        /** The uaid's state was dropped or never existed with channels: the node assigns a new one. */
        RESET
    }

    /**
     * The answer to a hello.
     *
     * @param flushFollows true when a flush {@link Deliver} (no {@code replyTo}) for the same
     *                     connection follows this result on the same partition: the node then
     *                     holds the device's later messages until it is written, so the flush comes
     *                     immediately after the hello reply (spec §3.6). False when nothing is
     *                     pending, and when read from an older streams-state that never wrote it
     */
    record HelloResult(int nodeId, String connectionId, String uaid, HelloOutcome outcome, boolean flushFollows)
            implements NodeCommand {
        /** Without a flush to wait for. */
        public HelloResult(int nodeId, String connectionId, String uaid, HelloOutcome outcome) {
            this(nodeId, connectionId, uaid, outcome, false);
        }
    }

    /**
     * The answer to a register: 200, {@link #TOO_MANY_CHANNELS}, or another status the node echoes
     * as an error (spec §2.2, §4.6).
     */
    record RegisterResult(int nodeId, String connectionId, String uaid, String channelId, int status)
            implements NodeCommand {
        /**
         * A new channel beyond {@code state.max.channels.per.uaid} (spec §4.4): the node answers
         * with a register reply of this status and {@code "error":"Too many channels"}, and keeps
         * the socket open.
         */
        public static final int TOO_MANY_CHANNELS = 413;
    }

    record UnregisterResult(int nodeId, String connectionId, String uaid, String channelId, int status)
            implements NodeCommand {
    }

    /**
     * Updates to write to the connection. A live delivery carries the PUT's {@code replyTo} and a
     * one-element list; a flush after hello carries everything pending and no {@code replyTo}. An
     * empty list with a {@code replyTo} writes nothing: it asks the node only for the status a
     * superseded PUT would have had (spec §13.3), which only the node knows for sure, since a
     * close frame may have arrived there a moment ago (§9.9).
     *
     * <p>{@code noStore} is true when streams-state runs in no-store mode
     * ({@code state.store.offline=false}): nothing of this delivery is kept, so the node answers
     * {@link PutOutcome#DELIVERED_NOT_KEPT} or {@link PutOutcome#DROPPED} instead of
     * {@code DELIVERED} or {@code STORED}. False when read from an older streams-state.
     *
     * <p>{@code messages} are Web Push messages for a data-mode connection (spec W3), one
     * {@code notification} frame each, in this order, after the frame of {@code updates} if any;
     * null or empty for none. A live delivery carries one; a flush after hello, or the next
     * window after acks (spec W3.4), carries at most {@code webpush.max.unacked}.
     */
    record Deliver(int nodeId, String connectionId, String uaid, List<Update> updates, ReplyTo replyTo,
            boolean noStore, List<PushMessage> messages) implements NodeCommand {
        /** SimplePush updates only. */
        public Deliver(int nodeId, String connectionId, String uaid, List<Update> updates, ReplyTo replyTo,
                boolean noStore) {
            this(nodeId, connectionId, uaid, updates, replyTo, noStore, null);
        }

        /** From a streams-state that keeps updates for offline devices (the default). */
        public Deliver(int nodeId, String connectionId, String uaid, List<Update> updates, ReplyTo replyTo) {
            this(nodeId, connectionId, uaid, updates, replyTo, false, null);
        }

        /** The Web Push messages, never null. */
        public List<PushMessage> pushMessages() {
            return messages == null ? List.of() : messages;
        }

        /** What the PUT became if this delivery is written: delivered, and kept pending or not. */
        public PutOutcome deliveredOutcome() {
            return noStore ? PutOutcome.DELIVERED_NOT_KEPT : PutOutcome.DELIVERED;
        }

        /** What the PUT became if the connection has gone (spec §9.9): stored, or dropped. */
        public PutOutcome offlineOutcome() {
            return noStore ? PutOutcome.DROPPED : PutOutcome.STORED;
        }
    }

    /** A newer connection took this uaid over (spec §3.4): close this one. */
    record CloseConnection(int nodeId, String connectionId, String uaid) implements NodeCommand {
    }

    /**
     * Where the node reports the outcome of a live delivery.
     *
     * @param acceptedAtMillis the gateway's wall-clock time of accepting the PUT
     *                         ({@link Notification#acceptedAtMillis()}), for the delivery latency
     *                         metric; 0 when unknown (written by an older streams-state)
     * @param routedAtMillis   streams-state's wall-clock time of routing the request to this node,
     *                         when it left the audit record of that routing to the node (see
     *                         {@code AuditEvent.Delivered.routedAt}); null when it wrote it itself
     */
    record ReplyTo(int gatewayId, String requestId, long acceptedAtMillis, Long routedAtMillis) {
        /** Without an acceptance time: no delivery latency is recorded for it. */
        public ReplyTo(int gatewayId, String requestId) {
            this(gatewayId, requestId, 0L);
        }

        /** With the routing audited by streams-state. */
        public ReplyTo(int gatewayId, String requestId, long acceptedAtMillis) {
            this(gatewayId, requestId, acceptedAtMillis, null);
        }
    }
}
