package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.testing.MessageInbox;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * A device on a second, independent WebSocket implementation (TooTallNate's Java-WebSocket), so
 * the suite does not only see the server through our own {@code DeviceClient} on the JDK's
 * WebSocket. It feeds the same {@link MessageInbox} as {@code DeviceClient}, so both receive,
 * fail and report alike.
 */
final class JavaWebSocketDevice implements AutoCloseable {
    static final String SUBPROTOCOL = "push-notification";

    private final URI uri;
    private final MessageInbox inbox = new MessageInbox();
    private final Client client;

    private JavaWebSocketDevice(URI uri, String subprotocol) {
        this.uri = uri;
        // Protocol("") is Java-WebSocket's "offer none, accept the server's silence".
        List<IProtocol> protocols = List.of(new Protocol(subprotocol == null ? "" : subprotocol));
        this.client = new Client(uri, new Draft_6455(List.of(), protocols));
        // Its own keep-alive pings would be frames the test did not send.
        client.setConnectionLostTimeout(0);
        client.setTcpNoDelay(true);
    }

    static JavaWebSocketDevice connect(URI uri) {
        return connect(uri, null);
    }

    /** @param subprotocol offered to the server, or null to offer none */
    static JavaWebSocketDevice connect(URI uri, String subprotocol) {
        JavaWebSocketDevice device = new JavaWebSocketDevice(uri, subprotocol);
        try {
            if (!device.client.connectBlocking(Wire.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("cannot open a WebSocket to " + uri + " with Java-WebSocket: "
                        + device.inbox.closed().getNow(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri, e);
        }
        return device;
    }

    /** The subprotocol the server selected, or "" for none. */
    String subprotocol() {
        IProtocol protocol = client.getProtocol();
        return protocol == null ? "" : protocol.getProvidedProtocol();
    }

    void send(String text) {
        client.send(text);
    }

    /** One text message in frames split at {@code parts}, to exercise reassembly. */
    void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            client.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(parts[i].getBytes(StandardCharsets.UTF_8)),
                    i == parts.length - 1);
        }
    }

    void sendBinary(byte[] data) {
        client.send(data);
    }

    String receive() {
        return receive(Wire.TIMEOUT);
    }

    /** The next text message; fails naming what came instead (a close, a binary message) or nothing. */
    String receive(Duration timeout) {
        return inbox.next(timeout, uri);
    }

    JsonNode receiveJson() {
        return Wire.parse(receive());
    }

    /** Fails if a text or binary message arrives within {@code duration}; a close is not a message. */
    void expectNoMessage(Duration duration) {
        inbox.expectNothing(duration, uri);
    }

    /** The close code the server sent, or 1006 if the connection dropped without one. */
    int awaitClose(Duration timeout) {
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

    boolean isClosed() {
        return inbox.closed().isDone();
    }

    /** Sends {@code hello} (any JSON text) and returns the reply, which must be a hello with 200. */
    JsonNode helloWith(String hello) {
        send(hello);
        JsonNode reply = receiveJson();
        assertThat(reply.path("messageType").asText()).as("reply to %s: %s", hello, reply).isEqualTo("hello");
        assertThat(reply.path("status").isInt() && reply.path("status").intValue() == 200)
                .as("status 200 in %s", reply).isTrue();
        // Spec §3.5 / item 23 as amended by webpush.md W1.1: only a hello asking for data mode
        // (use_webpush the JSON true; Web Push is on in these tests) gets use_webpush back.
        boolean asked = Wire.parse(hello).path("use_webpush").isBoolean() && Wire.parse(hello).path("use_webpush").booleanValue();
        assertThat(reply.has("use_webpush")).as("use_webpush in %s, asked %s", reply, asked).isEqualTo(asked);
        return reply;
    }

    /** A hello (uaid left out when null) and the uaid of its 200 reply. */
    String hello(String uaid, String... channelIds) {
        return helloWith(Wire.hello(uaid, List.of(channelIds))).path("uaid").asText();
    }

    /** Registers and returns the {@code pushEndpoint} of the 200 reply. */
    String register(String channelId) {
        send(Wire.register(channelId));
        JsonNode reply = receiveJson();
        assertThat(reply.path("messageType").asText()).as("reply %s", reply).isEqualTo("register");
        assertThat(reply.path("status").asInt()).as("reply %s", reply).isEqualTo(200);
        assertThat(reply.path("channelID").asText()).as("reply %s", reply).isEqualTo(channelId);
        return reply.path("pushEndpoint").asText();
    }

    void ack(String channelId, long version) {
        send(Wire.write(Map.of("messageType", "ack",
                "updates", List.of(Map.of("channelID", channelId, "version", version)))));
    }

    /** Sends {@code {}} and expects exactly {@code {}} back. */
    void ping() {
        send("{}");
        assertThat(receive()).as("pong").isEqualTo("{}");
    }

    /**
     * Pings if the socket is open: true when {@code {}} came back, false when the socket was or
     * got closed instead. For loops that ping until the server closes.
     */
    boolean pingIfOpen() {
        if (isClosed()) {
            return false;
        }
        try {
            client.send("{}");
        } catch (WebsocketNotConnectedException closedMeanwhile) {
            return false;
        }
        String next = inbox.nextOrNullIfClosed(Wire.TIMEOUT, uri);
        if (next == null) {
            return false;
        }
        if ("{}".equals(next)) {
            return true;
        }
        throw new AssertionError("expected the pong {} or a close from " + uri + " but got " + next);
    }

    /** Closes normally and waits for the server's close; does nothing more if already closed. */
    @Override
    public void close() {
        try {
            if (!isClosed()) {
                client.closeBlocking();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!isClosed()) {
                client.closeConnection(Wire.NORMAL_CLOSURE, "test done");
            }
        }
    }

    @Override
    public String toString() {
        return "JavaWebSocketDevice[" + uri + "]";
    }

    /** Java-WebSocket's callbacks, on its reading thread, feeding the inbox. */
    private final class Client extends WebSocketClient {
        Client(URI uri, Draft_6455 draft) {
            super(uri, draft, Map.of(), (int) Wire.TIMEOUT.toMillis());
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            inbox.text(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            inbox.binary(bytes.remaining());
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            inbox.closedWith(code, reason);
        }

        @Override
        public void onError(Exception error) {
            // onClose follows with 1006 when the connection is gone.
        }
    }
}
