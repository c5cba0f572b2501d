package dev.simplepush.node.connection;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The live connections of this node by connection id, for routing node commands. Thread-safe. */
public final class ConnectionRegistry {
    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();

    void add(Connection connection) {
        connections.put(connection.id(), connection);
    }

    /** Removes exactly this connection; a no-op if it is already gone. */
    void remove(Connection connection) {
        connections.remove(connection.id(), connection);
    }

    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    public int size() {
        return connections.size();
    }

    public List<Connection> snapshot() {
        return List.copyOf(connections.values());
    }
}
