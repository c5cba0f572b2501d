package dev.simplepush.launcher;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * {@code log.format}: {@code plain} (default) text lines or {@code json} lines (log4j's
 * {@code JsonTemplateLayout} with the Elastic Common Schema template), on stderr. The bundled
 * {@code log4j2.xml} picks the layout by the system property {@value #PROPERTY}; this sets it from
 * the setting (flag, env {@code SIMPLEPUSH_LOG_FORMAT} or file) and reloads the configuration.
 * Without the setting, a {@code -Dsimplepush.log.format=json} given to the JVM still applies.
 */
enum LogFormat {
    PLAIN, JSON;

    static final String KEY = "log.format";
    static final String PROPERTY = "simplepush.log.format";

    /** The format {@code settings} ask for, or null if they leave it to the JVM's system property. */
    static LogFormat from(ConfigSource settings) {
        String value = settings.raw(KEY);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(KEY, "'" + value + "' is neither plain nor json");
        }
    }

    /** Switches the logging layout to what {@code settings} ask for, if they ask. */
    static void apply(ConfigSource settings) {
        LogFormat format = from(settings);
        if (format == null) {
            return;
        }
        String wanted = format.name().toLowerCase(Locale.ROOT);
        if (wanted.equals(System.getProperty(PROPERTY, "plain"))) {
            return;
        }
        System.setProperty(PROPERTY, wanted);
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}
