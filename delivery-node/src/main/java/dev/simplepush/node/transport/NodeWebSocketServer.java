package dev.simplepush.node.transport;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.ConnectorStatistics;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.Handshake;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import org.xnio.Options;

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

    private final StallWatch watch;
    private final IntSupplier openSockets;

    private NodeWebSocketServer(Undertow undertow, int port, AtomicBoolean draining, StallWatch watch,
            IntSupplier openSockets) {
        this.undertow = undertow;
        this.port = port;
        this.draining = draining;
        this.watch = watch;
        this.openSockets = openSockets;
    }

    /**
     * Sockets the listener holds now, upgraded or not; with no connection limit (which turns the
     * count off) the device connections.
     */
    public int openSockets() {
        return openSockets.getAsInt() - (undertow.getListenerInfo().get(0).getConnectorStatistics() == null ? 1 : 0);
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
        return start(host, port, tls, maxMessageBytes, origins, connectionRate, bufferSize, context,
                TransportLimits.DEFAULT.withMaxConnections(maxConnections));
    }

    /** Plain {@code ws://}, any origin, with these limits. */
    public static NodeWebSocketServer start(String host, int port, long maxMessageBytes, ConnectionContext context,
            TransportLimits limits) {
        return start(host, port, null, maxMessageBytes, AllowedOrigins.ANY, RateLimit.OFF, 0, context, limits);
    }

    /**
     * The full form: every socket, from its accept to its close, is bounded by {@code limits}.
     * Sockets still sending their request head count toward the connection limit like
     * WebSockets do, and beyond a little above that limit the listener stops accepting (the
     * kernel's backlog holds the rest), so the process never runs out of file descriptors here.
     */
    public static NodeWebSocketServer start(String host, int port, SSLContext tls, long maxMessageBytes,
            AllowedOrigins origins, RateLimit connectionRate, int bufferSize, ConnectionContext context,
            TransportLimits limits) {
        AtomicBoolean draining = new AtomicBoolean();
        StallWatch watch = new StallWatch(limits.frameReadTimeout(), limits.writeTimeout(), context.metrics());
        Set<String> subprotocols = Set.of(SUBPROTOCOL);
        List<Handshake> handshakes = LeanHandshakes.of(subprotocols, watch);
        Undertow.Builder builder = Undertow.builder();
        if (bufferSize > 0) {
            builder.setBufferSize(bufferSize).setDirectBuffers(true);
        }
        if (!limits.requestHeadTimeout().isZero()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, limits.requestHeadTimeout().toMillis());
            // A connection that never starts a request, and one that never finishes its head.
            builder.setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis);
        }
        AtomicReference<ConnectorStatistics> sockets = new AtomicReference<>();
        if (limits.maxConnections() > 0) {
            // Counts every accepted TCP connection until it closes, upgraded or not.
            builder.setServerOption(UndertowOptions.ENABLE_CONNECTOR_STATISTICS, true)
                    .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.acceptHighWater())
                    .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections());
        }
        if (tls == null) {
            builder.addHttpListener(port, host);
        } else {
            builder.addHttpsListener(port, host, tls);
        }
        IntSupplier openSockets = () -> {
            ConnectorStatistics statistics = sockets.get();
            // Before the listener is up, and without a limit, the registry is the best count there is.
            return statistics == null ? context.registry().size() + 1 : (int) statistics.getActiveConnections();
        };
        Undertow undertow = builder
                .setHandler(new UpgradeGate(origins, limits.maxConnections(), openSockets,
                        connectionRate.enabled() ? new KeyedRateLimiter(connectionRate) : null, draining::get,
                        context.metrics(),
                        LeanHandshakes.remembering(new WebSocketProtocolHandshakeHandler(handshakes,
                                new DeviceConnectionCallback(context, maxMessageBytes, limits, watch)))))
                .build();
        undertow.start();
        Undertow.ListenerInfo listener = undertow.getListenerInfo().get(0);
        if (limits.maxConnections() > 0) {
            sockets.set(listener.getConnectorStatistics());
        }
        int bound = ((InetSocketAddress) listener.getAddress()).getPort();
        return new NodeWebSocketServer(undertow, bound, draining, watch, openSockets);
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
        watch.close();
    }
}
