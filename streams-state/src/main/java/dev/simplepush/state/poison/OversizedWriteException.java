package dev.simplepush.state.poison;

/**
 * A value streams-state was about to write is larger than its write limit. Thrown before the
 * write reaches the producer: a record the broker refuses would fail the whole transaction
 * under exactly-once, and with it every later record of the partition.
 */
public final class OversizedWriteException extends RuntimeException {
    private final int bytes;

    OversizedWriteException(String destination, int bytes, int maxBytes) {
        super(destination + ": a value of " + bytes + " bytes is over the write limit of " + maxBytes + " bytes ("
                + WriteLimit.KEY + ", lowered to fit the topics' max.message.bytes)");
        this.bytes = bytes;
    }

    /** The serialized size that was refused. */
    public int bytes() {
        return bytes;
    }
}
