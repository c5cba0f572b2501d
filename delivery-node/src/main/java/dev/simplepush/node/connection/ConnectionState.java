package dev.simplepush.node.connection;

/**
 * The life of one device connection. Transitions (all in {@link Connection}):
 *
 * <pre>
 * AWAITING_HELLO --hello sent--> HELLO_PENDING --ACCEPTED--> IDENTIFIED
 *                                HELLO_PENDING --RESET-----> HELLO_PENDING (new uaid)
 * any open state --error echo, takeover, timeout, overflow--> CLOSING --peer gone--> CLOSED
 * any open state --close frame or socket failure----------> CLOSED
 * </pre>
 */
public enum ConnectionState {
    /** Upgraded, no hello yet: only hello, ping and purge are allowed (spec §3.8). */
    AWAITING_HELLO,
    /** A hello went to streams-state; later messages wait in arrival order for its answer. */
    HELLO_PENDING,
    /** The hello completed. A re-hello, register or unregister may be waiting for an answer. */
    IDENTIFIED,
    /** We decided to close: nothing more is read, deliveries count as stored. */
    CLOSING,
    /** The peer closed or the socket failed. */
    CLOSED;

    /** Whether messages from the device are still handled. */
    public boolean isReading() {
        return this == AWAITING_HELLO || this == HELLO_PENDING || this == IDENTIFIED;
    }
}
