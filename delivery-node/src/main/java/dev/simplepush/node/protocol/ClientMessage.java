package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Update;
import java.util.List;

/**
 * A request from a device whose fields have passed the checks of spec §3.1, §4.2, §5.2 and §7.3.
 * Each keeps the object it was read from, because any later error is an echo of that object.
 */
public sealed interface ClientMessage {
    ObjectNode source();

    MessageType type();

    /**
     * @param uaid         the uaid as sent, or null for none (missing, null or {@code ""})
     * @param channelCount how many {@code channelIDs} were sent (0 when the Gecko exception applied)
     */
    record Hello(ObjectNode source, String uaid, int channelCount) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }
    }

    /** @param channelId a valid ID, exactly as sent */
    record Register(ObjectNode source, String channelId) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.REGISTER;
        }
    }

    /** @param channelId a non-empty string, exactly as sent */
    record Unregister(ObjectNode source, String channelId) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.UNREGISTER;
        }
    }

    /** @param updates the well-formed entries; malformed ones were dropped (spec §7.4), so may be empty */
    record Ack(ObjectNode source, List<Update> updates) implements ClientMessage {
        public Ack {
            updates = List.copyOf(updates);
        }

        @Override
        public MessageType type() {
            return MessageType.ACK;
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
