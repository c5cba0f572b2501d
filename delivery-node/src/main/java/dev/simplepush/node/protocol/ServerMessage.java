package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.Update;
import java.util.List;
import java.util.Map;

/** A message from the server to a device. {@link #toJson()} gives the exact text to send. */
public sealed interface ServerMessage {

    String toJson();

    /**
     * Spec §3.5. In SimplePush mode it never carries {@code use_webpush}; in data mode (webpush.md
     * W1.1) it carries {@code "use_webpush":true} and {@code broadcasts}. A SimplePush-mode reply
     * carries {@code broadcasts} only when some differ (a device that subscribes to nothing sees
     * the reply of spec §3.5 unchanged).
     *
     * @param broadcasts the broadcast versions that differ from the device's (W6.1)
     */
    record HelloReply(String uaid, boolean webPush, Map<String, String> broadcasts) implements ServerMessage {
        public HelloReply {
            broadcasts = broadcasts == null ? Map.of() : Map.copyOf(broadcasts);
        }

        /** A SimplePush-mode reply. */
        public HelloReply(String uaid) {
            this(uaid, false, Map.of());
        }

        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.HELLO);
            json.put("uaid", uaid);
            json.put("status", 200);
            if (webPush) {
                json.put("use_webpush", true);
                putBroadcasts(json, broadcasts);
            } else if (!broadcasts.isEmpty()) {
                putBroadcasts(json, broadcasts);
            }
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
     * Spec §4.4: a register the server will not store (too many channels, or in data mode an
     * invalid key, webpush.md W2.1), answered without an endpoint; unlike an echo error, the socket
     * stays open.
     */
    record RegisterRefused(String uaid, String channelId, int status, String error) implements ServerMessage {
        public static final String TOO_MANY_CHANNELS = "Too many channels";
        /** webpush.md W2.1: a data-mode register whose {@code key} is not a P-256 public key. */
        public static final int INVALID_KEY_STATUS = 400;
        public static final String INVALID_KEY = "Invalid key";

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

    /**
     * One Web Push message in data mode (webpush.md W3.1): {@code version} is the message id, a
     * string; {@code data} and {@code headers} only when the body was not empty (W3.5: the data is
     * written exactly as streams-state holds it, the body's base64url).
     */
    record PushNotification(PushMessage message) implements ServerMessage {
        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.NOTIFICATION);
            json.put("channelID", message.channelId());
            json.put("version", message.messageId());
            json.put("ttl", message.ttl());
            if (message.data() != null && !message.data().isEmpty()) {
                json.put("data", message.data());
                PushHeaders headers = message.headers();
                if (headers != null) {
                    ObjectNode object = json.putObject("headers");
                    object.put("encoding", headers.encoding());
                    if (headers.encryption() != null) {
                        object.put("encryption", headers.encryption());
                    }
                    if (headers.cryptoKey() != null) {
                        object.put("crypto_key", headers.cryptoKey());
                    }
                }
            }
            return DeviceJson.write(json);
        }
    }

    /** W6.1: broadcasts whose version differs from the one the device sent; never sent empty. */
    record Broadcast(Map<String, String> broadcasts) implements ServerMessage {
        public Broadcast {
            broadcasts = Map.copyOf(broadcasts);
        }

        @Override
        public String toJson() {
            ObjectNode json = typed(MessageType.BROADCAST);
            putBroadcasts(json, broadcasts);
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

    private static void putBroadcasts(ObjectNode json, Map<String, String> broadcasts) {
        ObjectNode object = json.putObject("broadcasts");
        broadcasts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> object.put(entry.getKey(), entry.getValue()));
    }

    private static ObjectNode typed(MessageType type) {
        ObjectNode json = DeviceJson.newObject();
        json.put("messageType", type.wireName());
        return json;
    }
}
