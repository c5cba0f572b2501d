package dev.simplepush.node.transport;

import dev.simplepush.node.connection.NodeMetrics;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides before the WebSocket handshake whether an upgrade may proceed: 403 for an
 * {@code Origin} outside the allow-list (spec §1.7), 429 with {@code Retry-After} when the remote
 * address has used up its {@code node.connection.rate} (the spec names no answer for this; 429 is
 * HTTP's own for a rate limit, and a client that never got a WebSocket has no close code to
 * read), 503 when the node already holds {@code maxConnections} sockets (§14
 * {@code max_connections}) or while it drains. A refused request gets a plain
 * HTTP answer and never becomes a WebSocket.
 */
final class UpgradeGate implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeGate.class);

    private final AllowedOrigins origins;
    private final int maxConnections;
    private final IntSupplier openConnections;
    private final KeyedRateLimiter perAddress;
    private final NodeMetrics metrics;
    private final HttpHandler next;
    private final BooleanSupplier draining;

    /**
     * @param maxConnections  0 for no limit
     * @param openConnections the node's open sockets now, the one asking included
     */
    UpgradeGate(AllowedOrigins origins, int maxConnections, IntSupplier openConnections, HttpHandler next) {
        this(origins, maxConnections, openConnections, null, () -> false, NodeMetrics.unread(), next);
    }

    /** @param draining true once the node is draining: every upgrade then gets 503 */
    UpgradeGate(AllowedOrigins origins, int maxConnections, IntSupplier openConnections, BooleanSupplier draining,
            HttpHandler next) {
        this(origins, maxConnections, openConnections, null, draining, NodeMetrics.unread(), next);
    }

    /**
     * @param perAddress upgrades per remote address, or null for no limit
     * @param draining   true once the node is draining: every upgrade then gets 503
     * @param metrics    counts each refusal by reason
     */
    UpgradeGate(AllowedOrigins origins, int maxConnections, IntSupplier openConnections, KeyedRateLimiter perAddress,
            BooleanSupplier draining, NodeMetrics metrics, HttpHandler next) {
        this.draining = draining;
        this.origins = origins;
        this.maxConnections = maxConnections;
        this.openConnections = openConnections;
        this.perAddress = perAddress;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            // Nothing but upgrades is served here: whatever the answer, the connection ends with
            // it, so a request body trickled in a byte at a time is never waited for.
            exchange.setPersistent(false);
        }
        if (draining.getAsBoolean()) {
            // The device retries, and the load balancer sends it to a node that is not stopping.
            metrics.upgradeRefused("draining");
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "node draining");
            return;
        }
        if (!origins.allows(origin(exchange))) {
            LOG.debug("refusing an upgrade from {}: origin {} is not allowed", exchange.getSourceAddress(),
                    origin(exchange));
            metrics.upgradeRefused("origin");
            refuse(exchange, StatusCodes.FORBIDDEN, "origin not allowed");
            return;
        }
        long wait = perAddress == null ? 0 : perAddress.tryAcquire(remoteAddress(exchange));
        if (wait > 0) {
            LOG.debug("refusing an upgrade from {}: connection rate exceeded", exchange.getSourceAddress());
            metrics.upgradeRefused("rate");
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, KeyedRateLimiter.retryAfterSeconds(wait));
            refuse(exchange, StatusCodes.TOO_MANY_REQUESTS, "too many connections from your address, retry later");
            return;
        }
        // Every open socket counts, this one and those still sending a request head included; the
        // listener's accept limit, a little above, bounds the sockets answered here.
        if (maxConnections > 0 && openConnections.getAsInt() > maxConnections) {
            LOG.debug("refusing an upgrade from {}: {} connections open", exchange.getSourceAddress(),
                    maxConnections);
            metrics.upgradeRefused("capacity");
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "too many connections");
            return;
        }
        next.handleRequest(exchange);
    }

    /** The TCP peer's IP address, without the port. */
    private static String remoteAddress(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null) {
            return "unknown";
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }

    /** {@code Origin}, or {@code Sec-WebSocket-Origin} as the hybi-07 and -08 drafts name it. */
    private static String origin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        return origin != null ? origin : exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_ORIGIN);
    }

    private static void refuse(HttpServerExchange exchange, int status, String reason) {
        // A refused client must not keep its socket (and our file descriptor) for another request.
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(reason);
    }
}
