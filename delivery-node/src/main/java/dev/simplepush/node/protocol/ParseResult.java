package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What became of one text message from a device. */
public sealed interface ParseResult {

    /** A request to act on. */
    record Parsed(ClientMessage message) implements ParseResult {
    }

    /** An object that breaks a rule: answer with an echo error of {@code status}, then close. */
    record Rejected(ObjectNode source, ErrorKind error) implements ParseResult {
    }

    /** Not JSON, or JSON that is not an object: close without a reply (spec §2.1). */
    record Unreadable(String reason) implements ParseResult {
    }
}
