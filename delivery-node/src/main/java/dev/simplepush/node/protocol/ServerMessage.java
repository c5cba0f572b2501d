package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Update;
import java.util.List;

/** A message from the server to a device. {@link #toJson()} gives the exact text to send. */
public sealed interface ServerMessage {

    String toJson();

    /** Spec §3.5; never carries {@code use_webpush}. */
    record HelloReply(String uaid) implements ServerMessage {
        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.HELLO);
            json.put("uaid", uaid);
            json.put("status", 200);
            return DeviceJson.write(json);
        }
    }

    /**
     * Spec §12: this node will not take the device; it should connect to {@code redirect}. The
     * uaid is non-empty as §3.5 requires; the socket is closed once this is written.
     */
    record HelloRedirect(String uaid, String redirect) implements ServerMessage {
        public static final int STATUS = 307;

        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.HELLO);
            json.put("uaid", uaid);
            json.put("status", STATUS);
            json.put("redirect", redirect);
            return DeviceJson.write(json);
        }
    }

    /** Spec §4.3: {@code channelID} exactly as the device sent it. */
    record RegisterReply(String uaid, String channelId, String pushEndpoint) implements ServerMessage {
        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.REGISTER);
            json.put("uaid", uaid);
            json.put("status", 200);
            json.put("channelID", channelId);
            json.put("pushEndpoint", pushEndpoint);
            return DeviceJson.write(json);
        }
    }

    /**
     * Spec §4.4: a register the server will not store (too many channels), answered without an
     * endpoint; unlike an echo error, the socket stays open.
     */
    record RegisterRefused(String uaid, String channelId, int status, String error) implements ServerMessage {
        public static final String TOO_MANY_CHANNELS = "Too many channels";

        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.REGISTER);
            json.put("uaid", uaid);
            json.put("status", status);
            json.put("error", error);
            json.put("channelID", channelId);
            return DeviceJson.write(json);
        }
    }

    /** Spec §5.1. */
    record UnregisterReply(String channelId) implements ServerMessage {
        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.UNREGISTER);
            json.put("status", 200);
            json.put("channelID", channelId);
            return DeviceJson.write(json);
        }
    }

    /** Spec §6: {@code version} as a JSON integer, {@code data} only when there is some. */
    record Notification(List<Update> updates) implements ServerMessage {
        public Notification {
            updates = List.copyOf(updates);
        }

        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.NOTIFICATION);
            ArrayNode array = json.putArray("updates");
            for (Update update : updates) {
                ObjectNode entry = array.addObject();
                entry.put("channelID", update.channelId());
                entry.put("version", update.version());
                if (update.data() != null && !update.data().isEmpty()) {
                    entry.put("data", update.data());
                }
            }
            return DeviceJson.write(json);
        }
    }

    /** The answer to a ping or a purge: exactly {@code {}} (spec §8.2, §8.5). */
    record Pong() implements ServerMessage {
        @Override
        public String toJson() {
            return "{}";
        }
    }

    /** The answer to a ping with {@code long_pongs} on (spec §8.2). */
    record LongPong() implements ServerMessage {
        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.PING);
            json.put("status", 200);
            return DeviceJson.write(json);
        }
    }

    private static ObjectNode typed(MessageType type) {
        ObjectNode json = DeviceJson.newObject();
        json.put("messageType", type.wireName());
        return json;
    }
}
