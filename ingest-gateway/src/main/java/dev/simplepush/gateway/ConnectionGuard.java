package dev.simplepush.gateway;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.ssl.SslConnection;

/**
 * Stands between the listening socket and Undertow's HTTP open listener: counts every accepted
 * connection until it closes, refuses new ones with 503 at {@code gateway.max.connections}, and
 * closes a connection whose first request head has not arrived within
 * {@code gateway.request.head.timeout} of the accept. Undertow's own parse and idle timeouts
 * cover later requests on a kept-alive connection; this one is ours so that the slowloris case
 * (which holds a file per socket from the first byte) is counted.
 */
final class ConnectionGuard implements ChannelListener<StreamConnection> {
    private static final String REFUSAL_BODY = Responses.jsonString(GatewayError.TOO_MANY_CONNECTIONS.message());
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + Responses.JSON
            + "\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + REFUSAL_BODY.length() + "\r\n\r\n"
            + REFUSAL_BODY).getBytes(StandardCharsets.US_ASCII);

    private final ChannelListener<StreamConnection> undertow;
    private final int maxConnections;
    private final long headTimeoutMillis;
    private final ClientErrors errors;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections whose first request head has not arrived yet, with their timer. */
    private final Map<StreamConnection, Watch> awaitingHead = new ConcurrentHashMap<>();

    ConnectionGuard(ChannelListener<StreamConnection> undertow, HttpLimits limits, ClientErrors errors) {
        this.undertow = undertow;
        this.maxConnections = limits.maxConnections();
        this.headTimeoutMillis = limits.headTimeout().toMillis();
        this.errors = errors;
    }

    /** Connections open now, counted from accept to close. */
    int open() {
        return open.get();
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        if (maxConnections > 0 && open.get() >= maxConnections) {
            errors.record(ClientErrors.Cause.CAPACITY, connection.getPeerAddress());
            refuse(connection);
            return;
        }
        open.incrementAndGet();
        Watch watch = new Watch(connection);
        // Armed before Undertow sees the connection: it may read a whole request at once and call
        // headArrived from inside handleEvent below.
        awaitingHead.put(connection, watch);
        watch.timer = connection.getIoThread().executeAfter(watch::headTimedOut, headTimeoutMillis, TimeUnit.MILLISECONDS);
        undertow.handleEvent(connection);
        watch.next = connection.getCloseListener();
        connection.setCloseListener(watch);
        if (!connection.isOpen()) {
            watch.closed();
        }
    }

    /** Called by the root handler for each request: the connection's head has arrived. */
    void headArrived(HttpServerExchange exchange) {
        if (awaitingHead.isEmpty() || !(exchange.getConnection() instanceof AbstractServerConnection server)) {
            return;
        }
        Watch watch = awaitingHead.remove(server.getChannel());
        if (watch != null) {
            watch.cancelTimer();
        }
    }

    /**
     * A short 503 written straight to the new socket, then a close. Whatever the client already
     * sent is read first (best effort), so the close does not turn into a reset that would hide
     * the answer. TLS connections are closed without it: an answer would need a handshake.
     */
    private static void refuse(StreamConnection connection) {
        try {
            if (!(connection instanceof SslConnection)) {
                connection.getSinkChannel().write(ByteBuffer.wrap(REFUSAL));
                connection.getSinkChannel().shutdownWrites();
                connection.getSinkChannel().flush();
                ByteBuffer discard = ByteBuffer.allocate(4096);
                for (int i = 0; i < 4 && connection.getSourceChannel().read(discard) > 0; i++) {
                    discard.clear();
                }
            }
        } catch (IOException e) {
            // the client went away first: nothing to tell it
        } finally {
            IoUtils.safeClose(connection);
        }
    }

    /** One accepted connection: its head timer, and its close, counted once. */
    private final class Watch implements ChannelListener<StreamConnection> {
        private final StreamConnection connection;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile XnioExecutor.Key timer;
        private volatile ChannelListener<? super StreamConnection> next;

        Watch(StreamConnection connection) {
            this.connection = connection;
        }

        void headTimedOut() {
            if (awaitingHead.remove(connection) != null && connection.isOpen()) {
                errors.record(ClientErrors.Cause.HEAD_TIMEOUT, connection.getPeerAddress());
                IoUtils.safeClose(connection);
            }
        }

        void cancelTimer() {
            XnioExecutor.Key key = timer;
            if (key != null) {
                key.remove();
            }
        }

        @Override
        public void handleEvent(StreamConnection channel) {
            closed();
            ChannelListeners.invokeChannelListener(channel, next);
        }

        void closed() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                awaitingHead.remove(connection);
                cancelTimer();
            }
        }
    }
}
