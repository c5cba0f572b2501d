package dev.simplepush.node.transport;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Set;
import org.xnio.StreamConnection;

/**
 * Undertow's WebSocket handshakes, minus the upgrade request's headers. Undertow keeps each HTTP
 * connection (in its open listener's set of connections, and as the TCP connection's close
 * listener) for the life of the socket, and with it the upgrade exchange: every request and
 * response header, about 2 KB of heap per idle WebSocket, a third of what a device cost. Once the
 * WebSocket channel exists, nothing reads those headers again, so they are cleared. See
 * docs/performance.md, "Connection density".
 */
final class LeanHandshakes {
    /** The exchange itself, so the handshake can reach it through Undertow's WebSocket facade. */
    private static final AttachmentKey<HttpServerExchange> EXCHANGE = AttachmentKey.create(HttpServerExchange.class);

    private LeanHandshakes() {
    }

    /**
     * Hybi-13, then -08 and -07, as before, each clearing the upgrade request once it is done, and
     * each making a channel whose frame headers are guarded ({@link GuardedChannels}).
     */
    static List<Handshake> of(Set<String> subprotocols, StallWatch watch) {
        return List.of(new Hybi13(subprotocols, watch), new Hybi08(subprotocols, watch),
                new Hybi07(subprotocols, watch));
    }

    /** As Undertow's own handshakes build their channels (2.3.27), so only the frame parser differs. */
    private static GuardedChannels.Args args(WebSocketHttpExchange exchange, StreamConnection channel,
            ByteBufferPool pool, String location, List<ExtensionFunction> extensions, StallWatch watch) {
        return new GuardedChannels.Args(channel, pool, location,
                exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), !extensions.isEmpty(),
                CompositeExtensionFunction.compose(extensions), exchange.getPeerConnections(), exchange.getOptions(),
                watch);
    }

    /** In front of the handshake handler: lets the handshake find the exchange. */
    static HttpHandler remembering(HttpHandler next) {
        return exchange -> {
            exchange.putAttachment(EXCHANGE, exchange);
            next.handleRequest(exchange);
        };
    }

    /** The channel exists: the upgrade exchange's headers are of no more use. */
    static WebSocketChannel forgetting(WebSocketChannel channel, WebSocketHttpExchange facade) {
        HttpServerExchange exchange = facade.getAttachment(EXCHANGE);
        if (exchange != null) {
            exchange.removeAttachment(EXCHANGE);
            exchange.getRequestHeaders().clear();
            exchange.getResponseHeaders().clear();
        }
        return channel;
    }

    private static final class Hybi13 extends Hybi13Handshake {
        private final StallWatch watch;

        Hybi13(Set<String> subprotocols, StallWatch watch) {
            super(subprotocols, false);
            this.watch = watch;
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            GuardedChannels.Args args = args(exchange, channel, pool, getWebSocketLocation(exchange),
                    initExtensions(exchange), watch);
            return forgetting(new GuardedChannels.V13(args), exchange);
        }
    }

    private static final class Hybi08 extends Hybi08Handshake {
        private final StallWatch watch;

        Hybi08(Set<String> subprotocols, StallWatch watch) {
            super(subprotocols, false);
            this.watch = watch;
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            GuardedChannels.Args args = args(exchange, channel, pool, getWebSocketLocation(exchange),
                    initExtensions(exchange), watch);
            return forgetting(new GuardedChannels.V08(args), exchange);
        }
    }

    private static final class Hybi07 extends Hybi07Handshake {
        private final StallWatch watch;

        Hybi07(Set<String> subprotocols, StallWatch watch) {
            super(subprotocols, false);
            this.watch = watch;
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            GuardedChannels.Args args = args(exchange, channel, pool, getWebSocketLocation(exchange),
                    initExtensions(exchange), watch);
            return forgetting(new GuardedChannels.V07(args), exchange);
        }
    }
}
