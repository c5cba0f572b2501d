package dev.simplepush.node.transport;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/** A plain WebSocket client that records what the server sends and how it closes. */
final class TestDevice extends WebSocketClient {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String selectedSubprotocol;

    private TestDevice(URI uri, Draft_6455 draft) {
        super(uri, draft);
    }

    static TestDevice connect(int port, String path, boolean offerSubprotocol) throws InterruptedException {
        List<IProtocol> protocols = offerSubprotocol
                ? List.of(new Protocol(NodeWebSocketServer.SUBPROTOCOL))
                : List.of(new Protocol(""));
        TestDevice device = new TestDevice(URI.create("ws://127.0.0.1:" + port + path),
                new Draft_6455(List.of(), protocols));
        if (!device.connectBlocking(5, TimeUnit.SECONDS)) {
            throw new AssertionError("could not connect to port " + port);
        }
        return device;
    }

    static TestDevice connect(int port) throws InterruptedException {
        return connect(port, "/", false);
    }

    /** The next message, waiting up to 5 s. */
    String next() throws InterruptedException {
        String message = received.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 5 s");
        }
        return message;
    }

    int awaitCloseCode() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        selectedSubprotocol = handshake.getFieldValue("Sec-WebSocket-Protocol");
    }

    @Override
    public void onMessage(String message) {
        received.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        // the close callback follows
    }
}
