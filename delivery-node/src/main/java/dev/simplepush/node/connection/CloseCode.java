package dev.simplepush.node.connection;

/** WebSocket close codes (RFC 6455 §7.4.1) this node sends, and why. */
public enum CloseCode {
    /** After an echo error, a takeover or a hello timeout. */
    NORMAL(1000),
    /** The node is shutting down. */
    GOING_AWAY(1001),
    /** A binary frame, or text that is not a JSON object (spec §1.6, §2.1). */
    UNSUPPORTED_DATA(1003),
    /** Too many messages queued behind an unanswered request. */
    POLICY_VIOLATION(1008),
    /** A message above {@code node.max.message.bytes} (spec §1.5). */
    MESSAGE_TOO_BIG(1009),
    /** A failure of our own. */
    INTERNAL_ERROR(1011),
    /**
     * Spec §11.4: an idle socket of a device that can be woken; Gecko stops reconnecting until a
     * wake-up datagram arrives. Only ever sent with a wake-up driver configured.
     */
    WAKE_IDLE(4774);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
