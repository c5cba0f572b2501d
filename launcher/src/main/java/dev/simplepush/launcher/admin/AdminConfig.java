package dev.simplepush.launcher.admin;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;

/**
 * Where the admin server (metrics and health) listens.
 *
 * @param host {@code admin.listen.host}, default {@code 127.0.0.1}: only this machine can scrape
 *             unless set to an outside address such as {@code 0.0.0.0}
 * @param port {@code admin.listen.port}, default {@value #DEFAULT_PORT}; 0 picks a free port, -1
 *             turns the admin server off. Several services on one host need distinct ports
 */
public record AdminConfig(String host, int port) {
    public static final String HOST_KEY = "admin.listen.host";
    public static final String PORT_KEY = "admin.listen.port";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    /** The port value that turns the admin server off. */
    public static final int DISABLED = -1;

    public AdminConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalConfigurationException(HOST_KEY, "must not be empty");
        }
        if (port < DISABLED || port > 65_535) {
            throw new IllegalConfigurationException(PORT_KEY, port + " is not a port (0 = any free port, -1 = off)");
        }
    }

    public static AdminConfig from(ConfigSource config) {
        return new AdminConfig(config.getString(HOST_KEY, DEFAULT_HOST),
                config.getInt(PORT_KEY, DEFAULT_PORT, DISABLED, 65_535));
    }

    public boolean enabled() {
        return port != DISABLED;
    }
}
