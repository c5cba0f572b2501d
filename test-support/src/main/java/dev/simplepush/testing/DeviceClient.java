package dev.simplepush.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.Update;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A device for tests: one WebSocket to a delivery node, built on the JDK's
 * {@link java.net.http.WebSocket}. Text messages are collected (fragments joined) in arrival
 * order; {@link #receive(Duration)} takes the next one or fails the test with a clear message.
 *
 * <p>The protocol helpers ({@link #hello}, {@link #register}, ...) expect the reply to be the
 * next message. After a hello that may be followed by a flush, {@link #receiveNotification} it
 * before registering. Not thread-safe for concurrent senders beyond what the methods synchronise.
 */
public final class DeviceClient implements AutoCloseable {
    /** The subprotocol Gecko offers (spec §1.2). */
    public static final String SUBPROTOCOL = "push-notification";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Reported by {@link #awaitClose} when the connection failed without a close frame (RFC 6455 §7.1.5). */
    public static final int ABNORMAL_CLOSURE = 1006;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI uri;
    private final WebSocket socket;
    private final MessageInbox inbox;

    private DeviceClient(URI uri, WebSocket socket, MessageInbox inbox) {
        this.uri = uri;
        this.socket = socket;
        this.inbox = inbox;
    }

    public static DeviceClient connect(URI uri) {
        return connect(uri, null, Map.of());
    }

    /** @param subprotocol offered to the server, or null to offer none */
    public static DeviceClient connect(URI uri, String subprotocol) {
        return connect(uri, subprotocol, Map.of());
    }

    /**
     * @param subprotocol offered to the server, or null to offer none
     * @param headers     extra upgrade request headers, e.g. {@code Origin}
     * @throws AssertionError if the upgrade is refused or times out; for a refused upgrade the
     *                        cause is the {@link WebSocketHandshakeException} with the response
     */
    public static DeviceClient connect(URI uri, String subprotocol, Map<String, String> headers) {
        return connect(uri, subprotocol, headers, HTTP);
    }

    /** Over {@code wss://}, trusting what {@code tls} trusts (e.g. {@link TestCertificates#clientContext()}). */
    public static DeviceClient connect(URI uri, SSLContext tls) {
        return connect(uri, null, Map.of(), HttpClient.newBuilder().sslContext(tls).build());
    }

    private static DeviceClient connect(URI uri, String subprotocol, Map<String, String> headers, HttpClient http) {
        MessageInbox inbox = new MessageInbox();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(DEFAULT_TIMEOUT);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(uri, new DeviceInbox(inbox)).get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new DeviceClient(uri, socket, inbox);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new AssertionError("WebSocket upgrade to " + uri + " was refused with HTTP "
                        + handshake.getResponse().statusCode(), handshake);
            }
            throw new AssertionError("cannot open a WebSocket to " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no WebSocket upgrade from " + uri + " within " + DEFAULT_TIMEOUT.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri, e);
        }
    }

    /** The subprotocol the server selected, or "" if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends one text message as a single frame. */
    public synchronized void send(String text) {
        await(socket.sendText(text, true), "send a text message");
    }

    /** Sends one text message split into frames at the given parts, to exercise reassembly. */
    public synchronized void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            await(socket.sendText(parts[i], i == parts.length - 1), "send a text fragment");
        }
    }

    /** Sends a binary frame, which a SimplePush server must answer by closing (spec §1.6). */
    public synchronized void sendBinary(byte[] data) {
        await(socket.sendBinary(ByteBuffer.wrap(data), true), "send a binary message");
    }

    /**
     * Sends {@code message} as JSON: a String is taken to be JSON already and sent as is; anything
     * else (a Map, a JsonNode, a record) is written with {@link Json#MAPPER}.
     */
    public void sendJson(Object message) {
        if (message instanceof String text) {
            send(text);
            return;
        }
        try {
            send(Json.MAPPER.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message + " as JSON", e);
        }
    }

    /** The next text message. */
    public String receive(Duration timeout) {
        return inbox.next(timeout, uri);
    }

    public String receive() {
        return receive(DEFAULT_TIMEOUT);
    }

    /** The next text message, parsed; fails the test if it is not JSON. */
    public JsonNode receiveJson(Duration timeout) {
        String text = receive(timeout);
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("expected JSON from " + uri + " but got: " + text, e);
        }
    }

    public JsonNode receiveJson() {
        return receiveJson(DEFAULT_TIMEOUT);
    }

    /** The updates of the next message, which must be a {@code notification} (spec §6). */
    public List<Update> receiveNotification(Duration timeout) {
        JsonNode message = receiveJson(timeout);
        expectType(message, "notification");
        List<Update> updates = new ArrayList<>();
        for (JsonNode update : message.path("updates")) {
            JsonNode data = update.get("data");
            updates.add(new Update(update.path("channelID").asText(), update.path("version").asLong(),
                    data == null || data.isNull() ? null : data.asText()));
        }
        return updates;
    }

    public List<Update> receiveNotification() {
        return receiveNotification(DEFAULT_TIMEOUT);
    }

    /**
     * Fails if a text message arrives within {@code duration}. This is the one place where
     * waiting a fixed time is right: absence can only be observed for a while.
     */
    public void expectNoMessage(Duration duration) {
        inbox.expectNothing(duration, uri);
    }

    /**
     * Waits for the connection to close and returns the close code the server sent, or
     * {@link #ABNORMAL_CLOSURE} if the connection failed without a close frame.
     */
    public int awaitClose(Duration timeout) {
        try {
            return inbox.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS).code();
        } catch (TimeoutException e) {
            throw new AssertionError("connection to " + uri + " still open after " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new AssertionError("unexpected failure waiting for close of " + uri, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for close of " + uri, e);
        }
    }

    public boolean isClosed() {
        return inbox.closed().isDone();
    }

    /**
     * Sends a hello and returns the uaid of the 200 reply.
     *
     * @param uaid       the uaid to offer, or null to omit the field (a first connect)
     * @param channelIds the {@code channelIDs} to send
     */
    public String hello(String uaid, String... channelIds) {
        ObjectNode hello = Json.MAPPER.createObjectNode().put("messageType", "hello");
        if (uaid != null) {
            hello.put("uaid", uaid);
        }
        ArrayNode channels = hello.putArray("channelIDs");
        for (String channelId : channelIds) {
            channels.add(channelId);
        }
        sendJson(hello);
        JsonNode reply = receiveJson();
        expectReply(reply, "hello");
        String assigned = reply.path("uaid").asText("");
        if (assigned.isEmpty()) {
            throw new AssertionError("hello reply without a uaid: " + reply);
        }
        return assigned;
    }

    /** Registers a channel and returns the {@code pushEndpoint} of the 200 reply. */
    public String register(String channelId) {
        sendJson(Map.of("messageType", "register", "channelID", channelId));
        JsonNode reply = receiveJson();
        expectReply(reply, "register");
        if (!channelId.equals(reply.path("channelID").asText())) {
            throw new AssertionError("register reply for another channel than " + channelId + ": " + reply);
        }
        String endpoint = reply.path("pushEndpoint").asText("");
        if (endpoint.isEmpty()) {
            throw new AssertionError("register reply without a pushEndpoint: " + reply);
        }
        return endpoint;
    }

    /** Unregisters a channel and expects the 200 reply. */
    public void unregister(String channelId) {
        sendJson(Map.of("messageType", "unregister", "channelID", channelId));
        expectReply(receiveJson(), "unregister");
    }

    /** Acks one update; a successful ack has no reply (spec §7.2). */
    public void ack(String channelId, long version) {
        sendJson(Map.of("messageType", "ack",
                "updates", List.of(Map.of("channelID", channelId, "version", version))));
    }

    /**
     * Sends a ping ({@code {}}) and expects exactly {@code {}} back. Messages on one socket are
     * answered in order (spec §1.8), so the pong also proves that everything sent before it has
     * been handled by the node.
     */
    public void ping() {
        send("{}");
        String pong = receive();
        if (!"{}".equals(pong)) {
            throw new AssertionError("expected the pong {}, got " + pong);
        }
    }

    /**
     * Closes normally (1000) and waits briefly for the server's close; does nothing if already
     * closed. Afterwards {@link #isClosed()} is true even if the server never answered: the
     * connection is then recorded as {@link #ABNORMAL_CLOSURE}.
     */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                inbox.closed().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The server is gone or slow; abort below either way.
            }
        }
        socket.abort();
        // abort() stops the listener, so a close that has not arrived by now never will.
        inbox.closedWith(ABNORMAL_CLOSURE, "closed by the client without the server's close");
    }

    private void expectReply(JsonNode reply, String type) {
        expectType(reply, type);
        if (reply.path("status").asInt() != 200) {
            throw new AssertionError("expected a " + type + " reply with status 200 from " + uri + " but got: " + reply);
        }
    }

    private void expectType(JsonNode message, String type) {
        if (!type.equals(message.path("messageType").asText())) {
            throw new AssertionError("expected a " + type + " message from " + uri + " but got: " + message);
        }
    }

    private void await(CompletableFuture<WebSocket> sending, String what) {
        try {
            sending.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot " + what + " to " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("cannot " + what + " to " + uri + " within " + DEFAULT_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while trying to " + what, e);
        }
    }

    @Override
    public String toString() {
        return "DeviceClient[" + Objects.toString(uri) + "]";
    }
}
