package dev.simplepush.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * Just enough of a push server to drive {@link DeviceClient}: answers hello and register,
 * sends a fragmented message on {@code "fragment"}, closes with 4000 on {@code "close"}, stays
 * silent on {@code "silence"} and echoes anything else.
 */
final class FakePushServer extends WebSocketServer implements AutoCloseable {
    static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private final CountDownLatch started = new CountDownLatch(1);
    private final CompletableFuture<Integer> clientClose = new CompletableFuture<>();

    private FakePushServer() {
        super(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Draft_6455(List.of(), List.of(new Protocol(DeviceClient.SUBPROTOCOL), new Protocol("")))));
        setDaemon(true);
    }

    static FakePushServer startListening() throws InterruptedException {
        FakePushServer server = new FakePushServer();
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("fake push server did not start");
        }
        return server;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/");
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        switch (message) {
            case "fragment" -> {
                conn.sendFragmentedFrame(Opcode.TEXT, utf8("{\"part\":"), false);
                conn.sendFragmentedFrame(Opcode.TEXT, utf8("\"one\","), false);
                conn.sendFragmentedFrame(Opcode.TEXT, utf8("\"done\":true}"), true);
            }
            case "close" -> conn.close(4000, "told to");
            case "silence" -> {
            }
            default -> reply(conn, message);
        }
    }

    private static void reply(WebSocket conn, String message) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(message);
        } catch (IOException e) {
            conn.send(message);
            return;
        }
        String type = request.path("messageType").asText();
        String chid = request.path("channelID").asText();
        switch (type) {
            case "hello" -> conn.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"status\":200}");
            case "register" -> conn.send("{\"messageType\":\"register\",\"uaid\":\"" + UAID + "\",\"status\":200,"
                    + "\"channelID\":\"" + chid + "\",\"pushEndpoint\":\"http://localhost/update/T-" + chid + "\"}");
            default -> conn.send(message);
        }
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (remote) {
            clientClose.complete(code);
        }
    }

    /** The code of the first close a client sent; fails if none arrives within the timeout. */
    int awaitCloseFromClient(Duration timeout) throws InterruptedException {
        try {
            return clientClose.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no close from a client within " + timeout.toMillis() + " ms", e);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void close() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping", e));
        }
    }
}
