package dev.simplepush.testing.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.testing.DeviceClient;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A Web Push user agent for tests, speaking the WebSocket protocol as Gecko does in data mode
 * (spec W1–W3): a hello with {@code use_webpush: true}, register with the application server's
 * {@code key}, one {@code notification} per message acked by its message id with a code. For each
 * subscription it holds what a browser holds ({@link PushKeys}) and decrypts what arrives with
 * {@link WebPushDecryption}, so a test compares the bytes an independent library encrypted.
 *
 * <p>The device outlives its connections: {@link #disconnect()} then {@link #connect()} and
 * {@link #hello()} is the same device coming back (same uaid, same subscriptions and keys).
 * Single-threaded, like {@link DeviceClient}.
 */
public final class WebPushDevice implements AutoCloseable {
    /** Ack codes (spec W2.3, Gecko's kACK_STATUS_TO_CODE). */
    public static final int DELIVERED = 100;
    public static final int DECRYPTION_FAILED = 101;
    public static final int NOT_DELIVERED = 102;
    /** Gecko's unregister reason for {@code PushSubscription.unsubscribe()} (spec W2.2). */
    public static final int UNSUBSCRIBE_MANUAL = 200;

    private final URI uri;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private DeviceClient client;
    private String uaid;

    /** @param uri the delivery node, e.g. {@code ws://127.0.0.1:8080/} */
    public WebPushDevice(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** The reply to a hello: the uaid assigned and whether the server took the connection into data mode. */
    public record Hello(String uaid, boolean dataMode, JsonNode reply) {
    }

    /**
     * A subscription as a browser sees it after {@code pushManager.subscribe()}.
     *
     * @param channelId the channel the device registered
     * @param endpoint  the {@code pushEndpoint} the server answered
     * @param keys      the user agent's keys, whose public parts an app server gets
     */
    public record Subscription(String channelId, String endpoint, PushKeys keys) {
        /** {@code PushSubscription.toJSON()}: what a page hands its application server. */
        public Map<String, Object> toJson() {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", keys.p256dh(), "auth", keys.authText()));
        }
    }

    /**
     * One data-mode notification (spec W3.1).
     *
     * @param data     the body's bytes, or null when the message had none
     * @param encoding {@code headers.encoding}, or null without data
     */
    public record Message(String channelId, String messageId, long ttl, byte[] data, String encoding, String encryption,
            String cryptoKey, JsonNode frame) {
    }

    /** Opens a new connection (offering Gecko's subprotocol); the device's uaid and subscriptions stay. */
    public WebPushDevice connect() {
        if (client != null) {
            throw new IllegalStateException("already connected; disconnect() first");
        }
        client = DeviceClient.connect(uri, DeviceClient.SUBPROTOCOL);
        return this;
    }

    /** Closes the connection normally, as a browser going offline; the device's state stays. */
    public void disconnect() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** The open connection, for raw frames and assertions beyond this class. */
    public DeviceClient client() {
        if (client == null) {
            throw new IllegalStateException("not connected; connect() first");
        }
        return client;
    }

    /** The uaid of the last hello, or null before the first. */
    public String uaid() {
        return uaid;
    }

    /**
     * Sends the hello Gecko sends ({@code use_webpush: true}, {@code broadcasts}, the uaid once it
     * has one, no {@code channelIDs}) and returns the reply. Pending messages may follow it.
     */
    public Hello hello() {
        ObjectNode hello = Json.MAPPER.createObjectNode().put("messageType", "hello").put("use_webpush", true);
        hello.putObject("broadcasts");
        if (uaid != null) {
            hello.put("uaid", uaid);
        }
        client().sendJson(hello);
        JsonNode reply = client().receiveJson();
        expect(reply, "hello");
        if (reply.path("status").asInt() != 200 || reply.path("uaid").asText("").isEmpty()) {
            throw new AssertionError("expected a hello reply with status 200 and a uaid, got " + reply);
        }
        String assigned = reply.get("uaid").asText();
        if (uaid != null && !uaid.equals(assigned)) {
            // A new uaid drops every subscription (spec W1.2; Gecko dropUnexpiredRegistrations).
            subscriptions.clear();
        }
        uaid = assigned;
        return new Hello(assigned, reply.path("use_webpush").asBoolean(false), reply);
    }

    /** {@link #subscribe(String, byte[])} on a fresh channel id. */
    public Subscription subscribe(byte[] applicationServerKey) {
        return subscribe(UUID.randomUUID().toString(), applicationServerKey);
    }

    /**
     * Registers {@code channelId}, restricted to {@code applicationServerKey} when it is not null
     * (sent padded, as Gecko sends it), and makes the subscription's keys.
     */
    public Subscription subscribe(String channelId, byte[] applicationServerKey) {
        return subscribe(channelId, applicationServerKey, PushKeys.generate());
    }

    /** {@link #subscribe(String, byte[])} with known keys, e.g. a published test vector's. */
    public Subscription subscribe(String channelId, byte[] applicationServerKey, PushKeys keys) {
        ObjectNode register = Json.MAPPER.createObjectNode().put("messageType", "register").put("channelID", channelId);
        if (applicationServerKey != null) {
            register.put("key", Base64.getUrlEncoder().encodeToString(applicationServerKey));
        }
        client().sendJson(register);
        JsonNode reply = client().receiveJson();
        expect(reply, "register");
        String endpoint = reply.path("pushEndpoint").asText("");
        if (reply.path("status").asInt() != 200 || !channelId.equals(reply.path("channelID").asText()) || endpoint.isEmpty()) {
            throw new AssertionError("expected a register reply with status 200 for " + channelId + " and a pushEndpoint, got "
                    + reply);
        }
        Subscription subscription = new Subscription(channelId, endpoint, keys);
        subscriptions.put(channelId, subscription);
        return subscription;
    }

    /** Unregisters as {@code PushSubscription.unsubscribe()} does (code 200) and expects the 200 reply. */
    public void unsubscribe(Subscription subscription) {
        client().sendJson(Map.of("messageType", "unregister", "channelID", subscription.channelId(), "code", UNSUBSCRIBE_MANUAL));
        JsonNode reply = client().receiveJson();
        expect(reply, "unregister");
        if (reply.path("status").asInt() != 200) {
            throw new AssertionError("expected an unregister reply with status 200, got " + reply);
        }
        subscriptions.remove(subscription.channelId());
    }

    public Message receiveMessage() {
        return receiveMessage(DeviceClient.DEFAULT_TIMEOUT);
    }

    /** The next frame, which must be a data-mode notification: one message with a string message id. */
    public Message receiveMessage(Duration timeout) {
        JsonNode frame = client().receiveJson(timeout);
        expect(frame, "notification");
        JsonNode version = frame.get("version");
        if (!frame.path("channelID").isTextual() || version == null || !version.isTextual() || frame.has("updates")) {
            throw new AssertionError("expected a data-mode notification (channelID, version = message id), got " + frame);
        }
        byte[] data = null;
        JsonNode headers = frame.path("headers");
        if (frame.hasNonNull("data")) {
            // Gecko reads data with padding "ignore"; the spec asks for none (W3.1), which we check.
            String text = frame.get("data").asText();
            data = Base64Url.decode(text)
                    .filter(bytes -> !text.endsWith("="))
                    .orElseThrow(() -> new AssertionError("data is not unpadded base64url: " + frame));
        }
        return new Message(frame.get("channelID").asText(), version.asText(), frame.path("ttl").asLong(-1), data,
                text(headers, "encoding"), text(headers, "encryption"), text(headers, "crypto_key"), frame);
    }

    /** The plaintext of {@code message}, decrypted with its subscription's keys by its {@code headers}. */
    public byte[] decrypt(Message message) throws GeneralSecurityException {
        Subscription subscription = subscriptions.get(message.channelId());
        if (subscription == null) {
            throw new AssertionError("a message for a channel this device has not subscribed: " + message.frame());
        }
        if (message.data() == null) {
            throw new AssertionError("a message without data: " + message.frame());
        }
        return WebPushDecryption.decrypt(subscription.keys(), message.data(), message.encoding(), message.encryption(),
                message.cryptoKey());
    }

    /** Acks by message id (spec W2.3); no reply. */
    public void ack(Message message, int code) {
        client().sendJson(Map.of("messageType", "ack",
                "updates", List.of(Map.of("channelID", message.channelId(), "version", message.messageId(), "code", code))));
    }

    /** The subscriptions this device holds, by channel id. */
    public Map<String, Subscription> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    @Override
    public void close() {
        disconnect();
    }

    private void expect(JsonNode message, String type) {
        if (!type.equals(message.path("messageType").asText())) {
            throw new AssertionError("expected a " + type + " message from " + uri + " but got: " + message);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "WebPushDevice[" + uri + ", uaid=" + uaid + "]";
    }
}
