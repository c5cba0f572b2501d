package dev.simplepush.schemas.audit;

import java.util.Arrays;
import java.util.Locale;

/** The {@code type} of each {@link AuditEvent}, as written in its JSON. */
public enum AuditType {
    ACCEPTED(AuditEvent.Accepted.class),
    ROUTED(AuditEvent.Routed.class),
    DELIVERED(AuditEvent.Delivered.class),
    ACKED(AuditEvent.Acked.class),
    REGISTERED(AuditEvent.Registered.class),
    UNREGISTERED(AuditEvent.Unregistered.class),
    HELLO(AuditEvent.Hello.class),
    EXPIRED(AuditEvent.Expired.class),
    SET_ASIDE(AuditEvent.SetAside.class),
    POSTED(AuditEvent.Posted.class),
    PUSH_ROUTED(AuditEvent.PushRouted.class),
    PUSH_DELIVERED(AuditEvent.PushDelivered.class),
    PUSH_ACKED(AuditEvent.PushAcked.class),
    NACKED(AuditEvent.Nacked.class),
    PUSH_REMOVED(AuditEvent.PushRemoved.class),
    CANCELLED(AuditEvent.Cancelled.class),
    BROADCAST_SET(AuditEvent.BroadcastSet.class);

    private final Class<? extends AuditEvent> recordClass;

    AuditType(Class<? extends AuditEvent> recordClass) {
        this.recordClass = recordClass;
    }

    /** The discriminator in the JSON, e.g. {@code accepted}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Class<? extends AuditEvent> recordClass() {
        return recordClass;
    }

    /**
     * The type of the other fact a record of this type may stand for besides its own
     * ({@link AuditEvent#facts()}): a delivery may carry its routing. Null for most types.
     */
    public AuditType mayAlsoStandFor() {
        return switch (this) {
            case DELIVERED -> ROUTED;
            case PUSH_DELIVERED -> PUSH_ROUTED;
            default -> null;
        };
    }

    public static AuditType of(AuditEvent event) {
        for (AuditType type : values()) {
            if (type.recordClass == event.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException("not an audit record: " + event.getClass());
    }

    /** By JSON name, case-insensitive. */
    public static AuditType parse(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName().equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not an audit type; one of "
                        + Arrays.stream(values()).map(AuditType::jsonName).toList()));
    }
}
