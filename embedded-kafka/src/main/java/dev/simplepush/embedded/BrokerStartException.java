package dev.simplepush.embedded;

/**
 * The embedded broker could not start: a port is taken, the data directory is unusable or locked
 * by another broker, or the broker did not become ready in time. The message says which, in words
 * an operator running {@code dev} mode can act on.
 */
public final class BrokerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
