package dev.simplepush.node.transport;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
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

    /** Hybi-13, then -08 and -07, as before, each clearing the upgrade request once it is done. */
    static List<Handshake> of(Set<String> subprotocols) {
        return List.of(new Hybi13(subprotocols), new Hybi08(subprotocols), new Hybi07(subprotocols));
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
        Hybi13(Set<String> subprotocols) {
            super(subprotocols, false);
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            return forgetting(super.createChannel(exchange, channel, pool), exchange);
        }
    }

    private static final class Hybi08 extends Hybi08Handshake {
        Hybi08(Set<String> subprotocols) {
            super(subprotocols, false);
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            return forgetting(super.createChannel(exchange, channel, pool), exchange);
        }
    }

    private static final class Hybi07 extends Hybi07Handshake {
        Hybi07(Set<String> subprotocols) {
            super(subprotocols, false);
        }

        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel,
                ByteBufferPool pool) {
            return forgetting(super.createChannel(exchange, channel, pool), exchange);
        }
    }
}
