package dev.simplepush.schemas.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings by key, looked up in order: explicit overrides (command-line flags), environment
 * variables, a properties file, then the caller's default. The environment variable of key
 * {@code node.ws.port} is {@code SIMPLEPUSH_NODE_WS_PORT}.
 *
 * <p>The environment is passed in as a map, so tests never touch {@link System#getenv()}.
 */
public final class ConfigSource {
    public static final String ENV_PREFIX = "SIMPLEPUSH_";

    private final Map<String, String> overrides;
    private final Map<String, String> env;
    private final Properties file;

    public ConfigSource(Map<String, String> overrides, Map<String, String> env, Properties file) {
        this.overrides = Map.copyOf(overrides);
        this.env = Map.copyOf(env);
        this.file = file;
    }

    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values, Map.of(), new Properties());
    }

    /** The process environment, with the properties file named by {@code SIMPLEPUSH_CONFIG} if set. */
    public static ConfigSource fromEnvironment(Map<String, String> overrides, Map<String, String> env) {
        String path = overrides.getOrDefault("config", env.get(ENV_PREFIX + "CONFIG"));
        return new ConfigSource(overrides, env, path == null ? new Properties() : load(Path.of(path)));
    }

    /** A copy with more overrides laid over this one's. */
    public ConfigSource with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new ConfigSource(merged, env, file);
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value, or null if no source sets it. */
    public String raw(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = env.get(envName(key));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null ? null : value.trim();
    }

    public String getString(String key, String defaultValue) {
        String value = raw(key);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    public String require(String key) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalConfigurationException(key, "is required");
        }
        return value;
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalConfigurationException(key, "'" + value + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalConfigurationException(key, parsed + " is not between " + min + " and " + max);
        }
        return parsed;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalConfigurationException(key, "'" + value + "' is not a boolean");
        };
    }

    /** A duration in milliseconds, or with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 3d}. */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(key, "'" + value + "' is not a duration such as 500ms, 30s, 5m");
        }
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> getList(String key) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Every setting that starts with {@code prefix}, with the prefix removed: Kafka client pass-through. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new HashMap<>();
        file.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> out.put(k.substring(prefix.length()), file.getProperty(k)));
        String envPrefix = envName(prefix);
        env.forEach((k, v) -> {
            if (k.startsWith(envPrefix)) {
                out.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        overrides.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    static Duration parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < v.length() && Character.isDigit(v.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException(value);
        }
        long amount = Long.parseLong(v.substring(0, split));
        return switch (v.substring(split)) {
            case "", "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static Properties load(Path path) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalConfigurationException("config", "cannot read " + path + ": " + e.getMessage());
        }
        return properties;
    }
}
