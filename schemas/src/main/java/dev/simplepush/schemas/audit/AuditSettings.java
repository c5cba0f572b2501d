package dev.simplepush.schemas.audit;

import dev.simplepush.schemas.config.ConfigSource;

/**
 * Whether a service writes {@link AuditEvent}s to the {@code audit} topic.
 *
 * @param enabled {@code audit.enabled}, default true: off, the service writes no audit records
 *                (the topic is still created, so the {@code audit} command can run)
 */
public record AuditSettings(boolean enabled) {
    public static final String ENABLED_KEY = "audit.enabled";
    public static final AuditSettings ON = new AuditSettings(true);
    public static final AuditSettings OFF = new AuditSettings(false);

    public static AuditSettings from(ConfigSource config) {
        return new AuditSettings(config.getBoolean(ENABLED_KEY, true));
    }
}
