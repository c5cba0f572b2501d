package dev.simplepush.node.connection;

/**
 * What a device did wrong that cost it its socket. Each is counted ({@code simplepush.node.client.errors}
 * with this tag) and logged once per node, never once per socket: a client must not be able to
 * fill the disk through our logs.
 */
public enum ClientError {
    /** A frame header that breaks RFC 6455 §5.2 (reserved bits, unmasked, length), closed with 1002. */
    FRAME("frame"),
    /** A frame or fragmented message left half sent for {@code node.frame.read.timeout}. */
    READ_TIMEOUT("read_timeout"),
    /** A frame to the device not written within {@code node.write.timeout}: the device is not reading. */
    WRITE_TIMEOUT("write_timeout"),
    /** More than {@code node.max.outbound.bytes} queued to a device that is not reading. */
    OUTBOUND_FULL("outbound_full"),
    /** More messages than {@code node.message.rate} allows, closed with 1008. */
    MESSAGE_RATE("message_rate"),
    /** An ack with more entries than {@code node.max.ack.updates}: echo 401 and a close. */
    ACK_SIZE("ack_size"),
    /**
     * More than {@code node.max.queued.messages} messages (or their characters) sent while a
     * request waited for streams-state, closed with 1008.
     */
    QUEUE_FULL("queue_full");

    private final String tag;

    ClientError(String tag) {
        this.tag = tag;
    }

    /** The value of the metric's {@code cause} tag. */
    public String tag() {
        return tag;
    }
}
