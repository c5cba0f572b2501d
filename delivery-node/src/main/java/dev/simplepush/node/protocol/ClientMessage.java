package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Update;
import java.util.List;
import java.util.Map;

/**
 * A request from a device whose fields have passed the checks of spec §3.1, §4.2, §5.2 and §7.3.
 * Each keeps the object it was read from, because any later error is an echo of that object.
 * Fields that only matter in Web Push data mode (webpush.md W1, W2, W6) are read in either mode;
 * the connection, which knows its mode, decides whether they count.
 */
public sealed interface ClientMessage {
    ObjectNode source();

    MessageType type();

    /**
     * @param uaid         the uaid as sent, or null for none (missing, null or {@code ""})
     * @param channelCount how many {@code channelIDs} were sent (0 when the Gecko exception applied)
     * @param useWebPush   {@code use_webpush} is the JSON value {@code true} (W1.1); any other value is ignored
     * @param broadcasts   the {@code broadcasts} object's entries with string versions (W6.1); empty
     *                     when absent or not an object
     */
    record Hello(ObjectNode source, String uaid, int channelCount, boolean useWebPush,
            Map<String, String> broadcasts) implements ClientMessage {
        public Hello {
            broadcasts = Map.copyOf(broadcasts);
        }

        /** A SimplePush hello. */
        public Hello(ObjectNode source, String uaid, int channelCount) {
            this(source, uaid, channelCount, false, Map.of());
        }

        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }
    }

    /**
     * @param channelId a valid ID, exactly as sent
     * @param key       the application server key (W2.1); judged here, honoured in data mode only
     */
    record Register(ObjectNode source, String channelId, KeyField key) implements ClientMessage {
        public Register(ObjectNode source, String channelId) {
            this(source, channelId, KeyField.ABSENT);
        }

        @Override
        public MessageType type() {
            return MessageType.REGISTER;
        }
    }

    /** A register's {@code key} field (W2.1). */
    sealed interface KeyField {
        KeyField ABSENT = new Absent();
        KeyField INVALID = new Invalid();

        /** No {@code key}, or {@code null}: an unrestricted subscription. */
        record Absent() implements KeyField {
        }

        /** Base64url (padding optional) of 65 bytes starting with 0x04. */
        record Valid(byte[] bytes) implements KeyField {
        }

        /** Anything else, a non-string included: register status 400 "Invalid key" in data mode. */
        record Invalid() implements KeyField {
        }
    }

    /**
     * @param channelId a non-empty string, exactly as sent
     * @param code      the reason Gecko gives (W2.2), recorded only; 0 when absent or not an integer
     */
    record Unregister(ObjectNode source, String channelId, int code) implements ClientMessage {
        public Unregister(ObjectNode source, String channelId) {
            this(source, channelId, 0);
        }

        @Override
        public MessageType type() {
            return MessageType.UNREGISTER;
        }
    }

    /**
     * One ack message, read both ways since the parser does not know the connection's mode.
     *
     * @param updates     the well-formed SimplePush entries (integer versions); malformed ones were
     *                    dropped (spec §7.4), so may be empty
     * @param pushEntries the well-formed data-mode entries (string versions, W2.3), each message id
     *                    once; not yet decoded
     */
    record Ack(ObjectNode source, List<Update> updates, List<PushAckRequest> pushEntries) implements ClientMessage {
        public Ack {
            updates = List.copyOf(updates);
            pushEntries = List.copyOf(pushEntries);
        }

        public Ack(ObjectNode source, List<Update> updates) {
            this(source, updates, List.of());
        }

        @Override
        public MessageType type() {
            return MessageType.ACK;
        }
    }

    /**
     * A data-mode ack entry as sent (W2.3).
     *
     * @param messageId the entry's {@code version}: a message id, not yet checked
     * @param code      100 delivered, 101 decryption failed, 102 not delivered, or another integer as sent;
     *                  100 when absent (a Gecko older than the codes)
     */
    record PushAckRequest(String channelId, String messageId, int code) {
    }

    /**
     * A {@code nack} (W2.4), accepted in either mode.
     *
     * @param messageId its {@code version} when a non-empty string, else null
     * @param code      its {@code code} (Gecko: 301–303), 0 when absent or not an integer
     */
    record Nack(ObjectNode source, String messageId, int code) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.NACK;
        }
    }

    /** W6.1: {@code broadcasts} as in {@link Hello#broadcasts()}. */
    record BroadcastSubscribe(ObjectNode source, Map<String, String> broadcasts) implements ClientMessage {
        public BroadcastSubscribe {
            broadcasts = Map.copyOf(broadcasts);
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST_SUBSCRIBE;
        }
    }

    /** A ping in any form of spec §8.1; a bare body ({@code {}}, empty, ...) has an empty source. */
    record Ping(ObjectNode source) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.PING;
        }
    }

    record Purge(ObjectNode source) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.PURGE;
        }
    }
}
