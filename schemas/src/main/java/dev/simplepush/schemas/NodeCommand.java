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

    record HelloResult(int nodeId, String connectionId, String uaid, HelloOutcome outcome) implements NodeCommand {
    }

    record RegisterResult(int nodeId, String connectionId, String uaid, String channelId, int status)
            implements NodeCommand {
    }

    record UnregisterResult(int nodeId, String connectionId, String uaid, String channelId, int status)
            implements NodeCommand {
    }

    /**
     * Updates to write to the connection. A live delivery carries the PUT's {@code replyTo} and a
     * one-element list; a flush after hello carries everything pending and no {@code replyTo}.
     */
    record Deliver(int nodeId, String connectionId, String uaid, List<Update> updates, ReplyTo replyTo)
            implements NodeCommand {
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
     */
    record ReplyTo(int gatewayId, String requestId, long acceptedAtMillis) {
        /** Without an acceptance time: no delivery latency is recorded for it. */
        public ReplyTo(int gatewayId, String requestId) {
            this(gatewayId, requestId, 0L);
        }
    }
}
