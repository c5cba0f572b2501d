package dev.simplepush.launcher;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options every subcommand shares: where settings come from. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of settings (also env SIMPLEPUSH_CONFIG).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (also env SIMPLEPUSH_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Set any setting, e.g. --set node.id=1; wins over env and file.")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Flags over environment over the file over {@code defaults}; the service's own defaults
     * apply to whatever is still unset.
     */
    ConfigSource load(Map<String, String> env, Properties defaults) {
        Properties layered = new Properties();
        layered.putAll(defaults);
        Path file = configFile;
        if (file == null && env.get(ConfigSource.ENV_PREFIX + "CONFIG") != null) {
            file = Path.of(env.get(ConfigSource.ENV_PREFIX + "CONFIG"));
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                Properties fromFile = new Properties();
                fromFile.load(in);
                layered.putAll(fromFile);
            } catch (IOException e) {
                throw new IllegalConfigurationException("config", "cannot read " + file + ": " + e.getMessage());
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put(KafkaSettings.BOOTSTRAP_KEY, bootstrapServers);
        }
        return new ConfigSource(overrides, env, layered);
    }
}
