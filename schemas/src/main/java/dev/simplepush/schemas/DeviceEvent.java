package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.simplepush.schemas.token.MessageRef;
import java.util.List;

/**
 * What a delivery node tells streams-state about a device: written to {@code device-events},
 * keyed by uaid. Every event names the node and connection it came from, so that answers go back
 * to the right partition of {@code node-commands} and stale connections can be told apart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DeviceEvent.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = DeviceEvent.Register.class, name = "register"),
    @JsonSubTypes.Type(value = DeviceEvent.Unregister.class, name = "unregister"),
    @JsonSubTypes.Type(value = DeviceEvent.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = DeviceEvent.Disconnect.class, name = "disconnect"),
    @JsonSubTypes.Type(value = DeviceEvent.PushAck.class, name = "push-ack"),
    @JsonSubTypes.Type(value = DeviceEvent.Nack.class, name = "nack"),
})
public sealed interface DeviceEvent {
    String uaid();

    int nodeId();

    String connectionId();

    long atMillis();

    /**
     * A hello whose uaid the node has already checked for form (spec §3.3 rules 1–3).
     * streams-state applies rules 4–6.
     *
     * @param channelCount how many {@code channelIDs} the device sent
     * @param generated    true when the node generated the uaid (first connect or after a reset):
     *                     it is adopted as is
     * @param wake         the well-formed wake-up data the hello carried (spec §11.2), or null
     * @param answerBy     when the node stops waiting for the answer (epoch millis: it then
     *                     answers 503 and closes the socket), or 0 for no deadline (events written
     *                     before the field existed). A hello still unprocessed by then is skipped:
     *                     under overload, work on answers nobody awaits would only add to the backlog
     * @param webPush      true when the connection is in data mode (spec W1.1): an unknown uaid is
     *                     then never adopted (W1.2), and the uaid's mode is recorded (W1.3)
     */
    record Hello(String uaid, int nodeId, String connectionId, int channelCount, boolean generated, long atMillis,
                 WakeData wake, long answerBy, boolean webPush) implements DeviceEvent {

        /** A SimplePush-mode hello. */
        public Hello(String uaid, int nodeId, String connectionId, int channelCount, boolean generated,
                     long atMillis, WakeData wake, long answerBy) {
            this(uaid, nodeId, connectionId, channelCount, generated, atMillis, wake, answerBy, false);
        }

        /** A hello without a deadline. */
        public Hello(String uaid, int nodeId, String connectionId, int channelCount, boolean generated,
                     long atMillis, WakeData wake) {
            this(uaid, nodeId, connectionId, channelCount, generated, atMillis, wake, 0);
        }

        /** A hello without wake-up data or a deadline. */
        public Hello(String uaid, int nodeId, String connectionId, int channelCount, boolean generated,
                     long atMillis) {
            this(uaid, nodeId, connectionId, channelCount, generated, atMillis, null, 0);
        }

        /** Whether the node has given up on this hello's answer by {@code nowMillis}. */
        public boolean abandonedBy(long nowMillis) {
            return answerBy > 0 && nowMillis > answerBy;
        }
    }

    /**
     * @param restricted true when the register carried an application server {@code key} (spec
     *                   W2.1): the endpoint the node answers with is bound to it
     */
    record Register(String uaid, int nodeId, String connectionId, String channelId, long atMillis,
                    boolean restricted) implements DeviceEvent {
        public Register(String uaid, int nodeId, String connectionId, String channelId, long atMillis) {
            this(uaid, nodeId, connectionId, channelId, atMillis, false);
        }
    }

    /**
     * @param code the {@code code} the device gave (Gecko: 200 user, 201 quota, 202 permission
     *             revoked, spec W2.2), recorded only; 0 when absent
     */
    record Unregister(String uaid, int nodeId, String connectionId, String channelId, long atMillis, int code)
            implements DeviceEvent {
        public Unregister(String uaid, int nodeId, String connectionId, String channelId, long atMillis) {
            this(uaid, nodeId, connectionId, channelId, atMillis, 0);
        }
    }

    /** Entries are already validated by the node; malformed ones were dropped (spec §7.4). */
    record Ack(String uaid, int nodeId, String connectionId, List<Update> updates, long atMillis)
            implements DeviceEvent {
    }

    /**
     * A data-mode ack (spec W2.3): its entries whose message id authenticated and names this uaid
     * and the entry's channel; the node dropped the others.
     */
    record PushAck(String uaid, int nodeId, String connectionId, List<PushAckEntry> entries, long atMillis)
            implements DeviceEvent {
        public PushAck {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One acked message.
     *
     * @param channelId the message's channel
     * @param kind      what {@code key} is ({@link MessageRef#kind()})
     * @param key       the message's key within the channel ({@link MessageRef#key()})
     * @param code      100 delivered, 101 decryption failed, 102 not delivered (other values recorded as sent)
     */
    record PushAckEntry(String channelId, MessageRef.Kind kind, String key, int code) {
    }

    /**
     * A {@code nack} (spec W2.4), in either mode: recorded in the audit trail and metrics only.
     * {@code channelId}, {@code kind} and {@code key} are null when its {@code version} is not a
     * message id of this uaid.
     */
    record Nack(String uaid, int nodeId, String connectionId, String channelId, MessageRef.Kind kind, String key,
                int code, long atMillis) implements DeviceEvent {
    }

    /** The connection closed or failed; presence is cleared only if it still names it. */
    record Disconnect(String uaid, int nodeId, String connectionId, long atMillis) implements DeviceEvent {
    }
}
