package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;

/** What becomes of one PUT before Kafka has a say: a notification to write, or an error. */
sealed interface PutDecision {

    /** Every check passed: write this notification and wait for its outcome. */
    record Accepted(Notification notification) implements PutDecision {
    }

    /** Answer with {@code error.status()} and {@code message} as a JSON string. */
    record Rejected(GatewayError error, String message) implements PutDecision {
        static Rejected of(GatewayError error) {
            return new Rejected(error, error.message());
        }
    }
}
