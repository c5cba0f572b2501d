package dev.simplepush.state.wake;

/** The outcome of one {@link WakeDriver#wake} call. */
public enum WakeResult {
    /** The carrier accepted the request, or the datagram was sent. */
    WOKEN,
    /** The driver has nowhere to send it (e.g. no carrier URL for the device's network): not retried. */
    UNROUTED,
    /** A failure worth another try (a timeout, a 5xx, a network error): retried with backoff. */
    FAILED,
    /** Refused for good (e.g. a 4xx from the carrier): dropped at once. */
    REJECTED
}
