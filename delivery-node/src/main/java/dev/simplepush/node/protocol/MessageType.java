package dev.simplepush.node.protocol;

import java.util.Locale;
import java.util.Optional;

/** The {@code messageType} values of the device protocol, with their lower-case wire names. */
public enum MessageType {
    HELLO("hello", true),
    REGISTER("register", true),
    UNREGISTER("unregister", true),
    ACK("ack", true),
    PING("ping", true),
    PURGE("purge", true),
    /** Web Push (spec W2.4): a message the device could not deliver to its service worker. */
    NACK("nack", true),
    /** Web Push (spec W6.1): the broadcasts the device follows, with the versions it has. */
    BROADCAST_SUBSCRIBE("broadcast_subscribe", true),
    /** Server to device only (spec W6.1): broadcasts whose version differs from the device's. */
    BROADCAST("broadcast", false),
    /** Server to device only: a device sending it gets 401 like any unknown type. */
    NOTIFICATION("notification", false);

    private final String wireName;
    private final boolean fromClient;

    MessageType(String wireName, boolean fromClient) {
        this.wireName = wireName;
        this.fromClient = fromClient;
    }

    public String wireName() {
        return wireName;
    }

    /** The type a device may send under this name, compared in lower case (spec §2.1). */
    public static Optional<MessageType> fromClient(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (MessageType type : values()) {
            if (type.fromClient && type.wireName.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
