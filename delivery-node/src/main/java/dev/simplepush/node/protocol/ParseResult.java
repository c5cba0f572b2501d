package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What became of one text message from a device. */
public sealed interface ParseResult {

    /** A request to act on. */
    record Parsed(ClientMessage message) implements ParseResult {
    }

    /**
     * An object that breaks a rule: answer with an echo error of {@code status}, then close (except
     * {@link Cause#UNKNOWN_TYPE} in data mode).
     *
     * @param cause why, where the node counts it beyond the echo
     */
    record Rejected(ObjectNode source, ErrorKind error, Cause cause) implements ParseResult {
        public Rejected(ObjectNode source, ErrorKind error) {
            this(source, error, Cause.FIELD);
        }
    }

    /** Why an object was rejected. */
    enum Cause {
        /** A missing, invalid or unknown field: the spec's ordinary 401. */
        FIELD,
        /** An ack with more entries than a device can have updates pending. */
        ACK_TOO_LARGE,
        /**
         * A string {@code messageType} no device may send: closes in SimplePush mode, but a
         * data-mode socket stays open (webpush.md W2.5).
         */
        UNKNOWN_TYPE
    }

    /** Not JSON, or JSON that is not an object: close without a reply (spec §2.1). */
    record Unreadable(String reason) implements ParseResult {
    }
}
