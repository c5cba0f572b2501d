package dev.simplepush.node.transport;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.Handshake;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * The device-facing WebSocket listener. Upgrades on any path (spec §1.1) and selects the
 * {@code push-notification} subprotocol when the client offers it, without requiring it (§1.2).
 * An {@link UpgradeGate} in front refuses upgrades from other origins (§1.7), beyond the
 * per-address rate or beyond the connection limit with a plain HTTP status.
 */
public final class NodeWebSocketServer implements AutoCloseable {
    public static final String SUBPROTOCOL = "push-notification";

    static {
        // Undertow logs through JBoss Logging; route it to SLF4J before any Undertow class loads.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    private final Undertow undertow;
    private final int port;
    private final AtomicBoolean draining;
    private volatile boolean listening = true;

    private NodeWebSocketServer(Undertow undertow, int port, AtomicBoolean draining) {
        this.undertow = undertow;
        this.port = port;
        this.draining = draining;
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one) with any origin and no connection
     * limit, and returns once it accepts upgrades.
     *
     * @param maxMessageBytes a larger message closes its socket with 1009
     */
    public static NodeWebSocketServer start(String host, int port, long maxMessageBytes, ConnectionContext context) {
        return start(host, port, maxMessageBytes, AllowedOrigins.ANY, 0, context);
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one) and returns once it accepts upgrades.
     *
     * @param maxMessageBytes a larger message closes its socket with 1009
     * @param origins         an upgrade from another origin gets HTTP 403 (spec §1.7)
     * @param maxConnections  with this many connections open a new upgrade gets HTTP 503; 0 for no limit
     */
    public static NodeWebSocketServer start(String host, int port, long maxMessageBytes, AllowedOrigins origins,
            int maxConnections, ConnectionContext context) {
        return start(host, port, null, maxMessageBytes, origins, maxConnections, RateLimit.OFF, context);
    }

    /**
     * As above, over TLS ({@code wss://}) when {@code tls} is not null, and with a limit on the
     * upgrades per remote address.
     *
     * @param tls            the server context of a TLS listener, or null for plain {@code ws://}
     * @param connectionRate upgrades per second per remote address; beyond it HTTP 429
     */
    public static NodeWebSocketServer start(String host, int port, SSLContext tls, long maxMessageBytes,
            AllowedOrigins origins, int maxConnections, RateLimit connectionRate, ConnectionContext context) {
        return start(host, port, tls, maxMessageBytes, origins, maxConnections, connectionRate, 0, context);
    }

    /**
     * As above, with I/O buffers of {@code bufferSize} bytes (0: Undertow's default, 16 KB with a
     * large heap). Each open WebSocket keeps one read buffer, idle or not.
     */
    public static NodeWebSocketServer start(String host, int port, SSLContext tls, long maxMessageBytes,
            AllowedOrigins origins, int maxConnections, RateLimit connectionRate, int bufferSize,
            ConnectionContext context) {
        AtomicBoolean draining = new AtomicBoolean();
        Set<String> subprotocols = Set.of(SUBPROTOCOL);
        List<Handshake> handshakes = LeanHandshakes.of(subprotocols);
        Undertow.Builder builder = Undertow.builder();
        if (bufferSize > 0) {
            builder.setBufferSize(bufferSize).setDirectBuffers(true);
        }
        if (tls == null) {
            builder.addHttpListener(port, host);
        } else {
            builder.addHttpsListener(port, host, tls);
        }
        Undertow undertow = builder
                .setHandler(new UpgradeGate(origins, maxConnections, context.registry()::size,
                        connectionRate.enabled() ? new KeyedRateLimiter(connectionRate) : null, draining::get,
                        context.metrics(),
                        LeanHandshakes.remembering(new WebSocketProtocolHandshakeHandler(handshakes,
                                new DeviceConnectionCallback(context, maxMessageBytes)))))
                .build();
        undertow.start();
        int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return new NodeWebSocketServer(undertow, bound, draining);
    }

    public int port() {
        return port;
    }

    /** From now on every upgrade gets HTTP 503; open sockets are left alone. */
    public void drain() {
        draining.set(true);
    }

    /** True once {@link #drain()} was called. */
    public boolean isDraining() {
        return draining.get();
    }

    /** True from start until {@link #close()}. */
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        listening = false;
        undertow.stop();
    }
}
