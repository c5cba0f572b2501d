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
        Executor workers) {

    /** A new connection, registered and with its hello timeout running. */
    public Connection open(DeviceSocket socket) {
        Connection connection = new Connection(ids.next(), socket, this);
        registry.add(connection);
        connection.start();
        return connection;
    }
}
