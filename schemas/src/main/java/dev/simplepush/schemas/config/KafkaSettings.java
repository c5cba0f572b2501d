package dev.simplepush.schemas.config;

import java.util.HashMap;
import java.util.Map;

/**
 * How every service reaches Kafka: bootstrap servers plus any client property passed through
 * with the {@code kafka.client.} prefix (e.g. {@code kafka.client.security.protocol}).
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public static final String BOOTSTRAP_KEY = "kafka.bootstrap.servers";

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings from(ConfigSource config) {
        return new KafkaSettings(config.getString(BOOTSTRAP_KEY, "localhost:9092"),
                config.withPrefix("kafka.client."));
    }

    /** Client properties to start from: bootstrap servers and the pass-through settings. */
    public Map<String, Object> baseProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
