package dev.simplepush.node.transport;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides before the WebSocket handshake whether an upgrade may proceed: 403 for an
 * {@code Origin} outside the allow-list (spec §1.7), 503 when the node already holds
 * {@code maxConnections} sockets (§14 {@code max_connections}) or is draining. A refused request gets a plain
 * HTTP answer and never becomes a WebSocket.
 */
final class UpgradeGate implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeGate.class);

    private final AllowedOrigins origins;
    private final int maxConnections;
    private final IntSupplier openConnections;
    private final HttpHandler next;
    private final BooleanSupplier draining;

    /**
     * @param maxConnections  0 for no limit
     * @param openConnections the node's open connections now
     */
    UpgradeGate(AllowedOrigins origins, int maxConnections, IntSupplier openConnections, HttpHandler next) {
        this(origins, maxConnections, openConnections, () -> false, next);
    }

    /** @param draining true once the node is draining: every upgrade then gets 503 */
    UpgradeGate(AllowedOrigins origins, int maxConnections, IntSupplier openConnections, BooleanSupplier draining,
            HttpHandler next) {
        this.draining = draining;
        this.origins = origins;
        this.maxConnections = maxConnections;
        this.openConnections = openConnections;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (draining.getAsBoolean()) {
            // The device retries, and the load balancer sends it to a node that is not stopping.
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "node draining");
            return;
        }
        if (!origins.allows(origin(exchange))) {
            LOG.debug("refusing an upgrade from {}: origin {} is not allowed", exchange.getSourceAddress(),
                    origin(exchange));
            refuse(exchange, StatusCodes.FORBIDDEN, "origin not allowed");
            return;
        }
        // Checked against the registry, so handshakes in flight at the same moment may pass it
        // together and overshoot the limit by that many; it is a guard against overload, not a quota.
        if (maxConnections > 0 && openConnections.getAsInt() >= maxConnections) {
            LOG.debug("refusing an upgrade from {}: {} connections open", exchange.getSourceAddress(),
                    maxConnections);
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "too many connections");
            return;
        }
        next.handleRequest(exchange);
    }

    /** {@code Origin}, or {@code Sec-WebSocket-Origin} as the hybi-07 and -08 drafts name it. */
    private static String origin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        return origin != null ? origin : exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_ORIGIN);
    }

    private static void refuse(HttpServerExchange exchange, int status, String reason) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(reason);
    }
}
