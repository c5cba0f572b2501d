package dev.simplepush.node.connection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The live connections of this node by connection id, for routing node commands. Thread-safe. */
public final class ConnectionRegistry {
    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();
    /**
     * Connections whose socket is still open. A connection leaves {@link #connections} as soon as
     * it starts closing, but its socket lives on until the close handshake ends; a draining node
     * waits for both, so every device reads its close frame before the listener stops.
     */
    private final Set<Connection> sockets = ConcurrentHashMap.newKeySet();
    /** Connections that have completed a hello and not yet closed: this node's load (spec §12). */
    private final AtomicInteger identified = new AtomicInteger();

    void identified() {
        identified.incrementAndGet();
    }

    void unidentified() {
        identified.decrementAndGet();
    }

    /** Connections with a completed hello that have not started closing. */
    public int identifiedCount() {
        return identified.get();
    }

    void add(Connection connection) {
        connections.put(connection.id(), connection);
        sockets.add(connection);
    }

    /** The connection's socket has closed: the close handshake ended, or the transport failed. */
    void socketClosed(Connection connection) {
        if (sockets.remove(connection) && sockets.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until every socket has closed, at most {@code timeout}.
     *
     * @return true if none is open
     */
    public synchronized boolean awaitNoSockets(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sockets.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left), 50)));
        }
        return true;
    }

    /** Removes exactly this connection; a no-op if it is already gone. */
    void remove(Connection connection) {
        if (connections.remove(connection.id(), connection) && connections.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until no connection is left, at most {@code timeout}.
     *
     * @return true if none is left
     */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connections.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Bounded so a removal that raced the check is seen within a few milliseconds.
            wait(Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left), 50)));
        }
        return true;
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
