package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which audit records to show. Every part is optional (null or empty: no restriction).
 *
 * @param uaid    only this device's records; then only its partition is read
 * @param channel only records of this channel
 * @param version only records of this version
 * @param from    records at or after this time
 * @param to      records at or before this time
 * @param types   only these types
 */
public record AuditQuery(String uaid, String channel, Long version, Instant from, Instant to, Set<AuditType> types) {
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, Set.of());
    private static final Map<String, AuditType> BY_JSON_NAME = Arrays.stream(AuditType.values())
            .collect(Collectors.toUnmodifiableMap(AuditType::jsonName, type -> type));

    public AuditQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--to (" + to + ") is before --from (" + from + ")");
        }
    }

    /**
     * Can a record with this key, timestamp and JSON type (null if not known) match? Checked before
     * the value is parsed. The timestamp is the time of the record's own fact; a record that may
     * stand for a second fact, of its own time ({@link AuditType#mayAlsoStandFor()}), is only
     * checked by key.
     */
    boolean mayMatch(String key, long timestamp, String typeName) {
        if (uaid != null && !uaid.equalsIgnoreCase(key)) {
            return false;
        }
        AuditType type = typeName == null ? null : BY_JSON_NAME.get(typeName);
        return type == null || type.mayAlsoStandFor() != null || inTime(timestamp);
    }

    /** Can a record of this JSON type name match? Null (not known before parsing) may. */
    boolean mayMatchType(String typeName) {
        if (typeName == null || types.isEmpty()) {
            return true;
        }
        AuditType type = BY_JSON_NAME.get(typeName);
        if (type == null) {
            return false;
        }
        AuditType also = type.mayAlsoStandFor();
        return types.contains(type) || (also != null && types.contains(also));
    }

    boolean inTime(long millis) {
        return (from == null || millis >= from.toEpochMilli()) && (to == null || millis <= to.toEpochMilli());
    }

    public boolean matches(AuditEvent event) {
        if (uaid != null && !uaid.equalsIgnoreCase(event.uaid())) {
            return false;
        }
        if (!inTime(event.time()) || (!types.isEmpty() && !types.contains(AuditType.of(event)))) {
            return false;
        }
        if (channel != null && !channel.equalsIgnoreCase(AuditFields.channel(event))) {
            return false;
        }
        return version == null || version.equals(AuditFields.version(event));
    }
}
