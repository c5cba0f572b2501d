package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.util.Comparator;

/** One audit record as read: the event and where it was in the topic. */
public record AuditRecord(AuditEvent event, int partition, long offset) {

    /**
     * Time order. Records of one instant are ordered by how a notification's life goes (a hello
     * before the flush it causes, a PUT before its routing, delivery and ack), then by position.
     */
    public static final Comparator<AuditRecord> BY_TIME = Comparator
            .comparingLong((AuditRecord r) -> r.event().time())
            .thenComparingInt(r -> lifeOrder(AuditType.of(r.event())))
            .thenComparingInt(AuditRecord::partition)
            .thenComparingLong(AuditRecord::offset);

    private static int lifeOrder(AuditType type) {
        return switch (type) {
            case REGISTERED -> 0;
            case HELLO -> 1;
            case ACCEPTED, POSTED -> 2;
            case ROUTED, PUSH_ROUTED, CANCELLED -> 3;
            case DELIVERED, PUSH_DELIVERED -> 4;
            case ACKED, PUSH_ACKED, NACKED -> 5;
            case EXPIRED, PUSH_REMOVED -> 6;
            case UNREGISTERED -> 7;
            case SET_ASIDE, BROADCAST_SET -> 8;
        };
    }
}
