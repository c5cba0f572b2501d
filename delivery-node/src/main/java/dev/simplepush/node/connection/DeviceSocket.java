package dev.simplepush.node.connection;

/**
 * The WebSocket of one device, as the connection logic sees it. Implemented over Undertow in
 * production and by a recorder in tests.
 *
 * <p>Calls come from the connection's own serial executor, one at a time, so writes reach the
 * device in call order. Callbacks may run on any thread.
 */
public interface DeviceSocket {

    /** Writes one text message; {@code done} learns whether the write completed. */
    void send(String text, WriteCallback done);

    /** Sends a close frame with {@code code}; the socket is dropped if the peer does not answer. */
    void close(int code, String reason);

    /**
     * False once a close frame has been received or sent, or the socket has failed: from then on
     * the device counts as offline (spec §9.9).
     */
    boolean isOpen();

    /** The outcome of one write. */
    @FunctionalInterface
    interface WriteCallback {
        void done(boolean written);
    }
}
