package dev.simplepush.embedded;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka server properties from {@code KAFKA_*} environment variables, by the rules of the official
 * {@code apache/kafka} image ({@code kafka.docker.KafkaDockerWrapper}), so one compose file can run
 * either image: {@code KAFKA_} is dropped, the rest lower-cased, {@code _} becomes {@code .},
 * {@code __} becomes {@code _} and {@code ___} becomes {@code -}
 * ({@code KAFKA_LISTENER_SECURITY_PROTOCOL_MAP} is {@code listener.security.protocol.map}). The
 * variables that image reads for the JVM or log4j, not the broker, are skipped. {@code CLUSTER_ID}
 * is the id the storage is formatted with. With no {@code KAFKA_*} variable at all the image runs
 * its bundled single-node configuration; so does this ({@link #DEFAULTS}).
 */
public final class KafkaEnvironment {
    public static final String CLUSTER_ID = "CLUSTER_ID";
    private static final String PREFIX = "KAFKA_";
    /** The image's own list: JVM and logging settings its scripts read, not server properties. */
    static final Set<String> NOT_SERVER_PROPERTIES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS", "KAFKA_LOG4J_OPTS",
            "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME");
    /** The image's bundled {@code server.properties}: one combined node, reachable on localhost:9092. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@localhost:9093"),
            Map.entry("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093"),
            Map.entry("advertised.listeners", "PLAINTEXT://localhost:9092"),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
            Map.entry("log.dirs", "/var/lib/kafka/data"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"));
    /** The id the image formats its bundled configuration with when {@code CLUSTER_ID} is unset. */
    static final String DEFAULT_CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";

    private final Map<String, String> serverProperties;
    private final String clusterId;

    private KafkaEnvironment(Map<String, String> serverProperties, String clusterId) {
        this.serverProperties = serverProperties;
        this.clusterId = clusterId;
    }

    /**
     * Reads {@code env}.
     *
     * @throws IllegalArgumentException naming the variable, if {@code KAFKA_*} variables are set
     *                                  but {@code CLUSTER_ID} is not
     */
    public static KafkaEnvironment from(Map<String, String> env) {
        Map<String, String> properties = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !NOT_SERVER_PROPERTIES.contains(name)) {
                properties.put(propertyName(name), value);
            }
        });
        String clusterId = env.get(CLUSTER_ID);
        if (properties.isEmpty()) {
            return new KafkaEnvironment(new TreeMap<>(DEFAULTS),
                    clusterId == null || clusterId.isBlank() ? DEFAULT_CLUSTER_ID : clusterId);
        }
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException(CLUSTER_ID + " is not set: every node of a cluster formats its storage"
                    + " with the same cluster id (22 characters of base64url, e.g. from kafka-storage.sh random-uuid)");
        }
        return new KafkaEnvironment(properties, clusterId.trim());
    }

    /** {@code KAFKA_LOG_RETENTION__MS} and the like to {@code log.retention_ms}: the image's mapping. */
    static String propertyName(String variable) {
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT)
                .replace('_', '.')
                .replace("...", "-")
                .replace("..", "_");
    }

    /** The broker's server properties, sorted by name. */
    public Map<String, String> serverProperties() {
        return serverProperties;
    }

    public String clusterId() {
        return clusterId;
    }
}
