package dev.simplepush.schemas.config;

/** A setting is missing or out of range. The message names the setting and its env var. */
public final class IllegalConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalConfigurationException(String key, String problem) {
        super("invalid setting " + key + " (env " + ConfigSource.envName(key) + "): " + problem);
    }
}
