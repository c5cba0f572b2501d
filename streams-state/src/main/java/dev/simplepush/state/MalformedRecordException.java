package dev.simplepush.state;

/**
 * A record of the input topics that no node or gateway of ours writes: a uaid that is not a valid
 * ID, a key that is not its uaid, an event without a connection id of a node. Thrown from
 * processing so that the processing exception handler sets the record aside (dead letter, audit
 * record, counter) like any other record that cannot be processed, and the partition goes on.
 */
final class MalformedRecordException extends RuntimeException {
    MalformedRecordException(String message) {
        super(message, null, false, false);
    }
}
