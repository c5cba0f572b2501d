package dev.simplepush.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before Kafka binds, so that a taken port fails with a message naming it. */
final class Ports {
    private Ports() {
    }

    /**
     * The port to use for a listener: {@code requested} after checking it can be bound, or a free
     * one picked by the OS when {@code requested} is 0. Another process may still grab a picked
     * port before Kafka binds it; that window is small and only costs a failed start.
     *
     * @param role what the port is for, as shown in the error message ("broker", "controller")
     * @throws BrokerStartException if the port cannot be bound
     */
    static int reserve(String host, int requested, String role) {
        try (ServerSocket socket = new ServerSocket()) {
            // Kafka's own acceptor sets SO_REUSEADDR, so a port in TIME_WAIT is usable: check the same way.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, requested));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: " + role + " port "
                    + requested + " on " + host + " is already in use or cannot be bound (" + e.getMessage()
                    + "); stop whatever uses it or choose another port", e);
        }
    }
}
