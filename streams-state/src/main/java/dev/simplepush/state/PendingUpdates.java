package dev.simplepush.state;

import java.util.Map;

/**
 * A {@code pending} value written by versions before per-channel rows: every unacked version of
 * one uaid in one map, keyed by the bare uaid. Only read, never written: {@link DeviceState} turns
 * it into {@link PendingVersion} rows the first time the uaid is touched.
 *
 * @param versions channel id → pending version
 * @param storedAt channel id → when that version was stored; a channel missing here (a value
 *                 written before expiry existed) gets the time of the move
 */
record PendingUpdates(Map<String, Long> versions, Map<String, Long> storedAt) implements PendingValue {

    PendingUpdates {
        versions = versions == null ? Map.of() : Map.copyOf(versions);
        storedAt = storedAt == null ? Map.of() : Map.copyOf(storedAt);
    }
}
