package dev.simplepush.node.connection;

import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.token.EndpointTokens;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * Everything the connections of one node share. {@link #open(DeviceSocket)} makes a connection
 * for a freshly upgraded socket.
 *
 * @param workers runs the connections' serial executors
 * @param metrics what the connections count
 * @param balancer decides whether a first hello is redirected to another node (spec §12);
 *                 {@link HelloBalancer#OFF} unless {@code node.redirect.threshold} is set
 * @param webPush  message ids, restricted tokens and broadcasts for data mode; null means those of
 *                 {@code tokens}, with no broadcasts
 */
public record ConnectionContext(
        ConnectionSettings settings,
        NodeOutbound outbound,
        Timers timers,
        InstantSource clock,
        EndpointTokens tokens,
        ConnectionRegistry registry,
        ConnectionIds ids,
        MessageParser parser,
        Executor workers,
        NodeMetrics metrics,
        HelloBalancer balancer,
        WebPushSupport webPush) {

    public ConnectionContext {
        webPush = webPush == null ? WebPushSupport.of(tokens) : webPush;
    }

    /** With the data-mode support of {@code tokens}. */
    public ConnectionContext(ConnectionSettings settings, NodeOutbound outbound, Timers timers, InstantSource clock,
            EndpointTokens tokens, ConnectionRegistry registry, ConnectionIds ids, MessageParser parser,
            Executor workers, NodeMetrics metrics, HelloBalancer balancer) {
        this(settings, outbound, timers, clock, tokens, registry, ids, parser, workers, metrics, balancer, null);
    }

    /** Without redirects. */
    public ConnectionContext(ConnectionSettings settings, NodeOutbound outbound, Timers timers, InstantSource clock,
            EndpointTokens tokens, ConnectionRegistry registry, ConnectionIds ids, MessageParser parser,
            Executor workers, NodeMetrics metrics) {
        this(settings, outbound, timers, clock, tokens, registry, ids, parser, workers, metrics, HelloBalancer.OFF);
    }

    /** Without metrics anyone reads. */
    public ConnectionContext(ConnectionSettings settings, NodeOutbound outbound, Timers timers, InstantSource clock,
            EndpointTokens tokens, ConnectionRegistry registry, ConnectionIds ids, MessageParser parser,
            Executor workers) {
        this(settings, outbound, timers, clock, tokens, registry, ids, parser, workers, NodeMetrics.unread());
    }

    /** A new connection, registered and with its hello timeout running. */
    public Connection open(DeviceSocket socket) {
        Connection connection = new Connection(ids.next(), socket, this);
        registry.add(connection);
        connection.start();
        return connection;
    }
}
