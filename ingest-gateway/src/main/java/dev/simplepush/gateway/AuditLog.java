package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.audit.AuditEvent;

/**
 * Where the gateway reports each answered PUT, and each answered POST whose token authenticated,
 * for the {@code audit} topic. Never blocks and never
 * throws: the HTTP answer must not wait for, or fail with, an audit write.
 */
interface AuditLog {
    /** Writes nothing: {@code audit.enabled=false}, and unit tests. */
    AuditLog OFF = (notification, status) -> {
    };

    /** The PUT that became {@code notification} was answered with {@code status}. */
    void accepted(Notification notification, int status);

    /** A Web Push POST whose token authenticated was answered (spec W7.1); nothing by default. */
    default void posted(AuditEvent.Posted event) {
    }
}
