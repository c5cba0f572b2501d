package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
     */
    record Hello(String uaid, int nodeId, String connectionId, int channelCount, boolean generated, long atMillis,
                 WakeData wake, long answerBy) implements DeviceEvent {

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

    record Register(String uaid, int nodeId, String connectionId, String channelId, long atMillis)
            implements DeviceEvent {
    }

    record Unregister(String uaid, int nodeId, String connectionId, String channelId, long atMillis)
            implements DeviceEvent {
    }

    /** Entries are already validated by the node; malformed ones were dropped (spec §7.4). */
    record Ack(String uaid, int nodeId, String connectionId, List<Update> updates, long atMillis)
            implements DeviceEvent {
    }

    /** The connection closed or failed; presence is cleared only if it still names it. */
    record Disconnect(String uaid, int nodeId, String connectionId, long atMillis) implements DeviceEvent {
    }
}
