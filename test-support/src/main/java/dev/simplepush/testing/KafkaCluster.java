package dev.simplepush.testing;

import dev.simplepush.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka cluster a test class runs against, injected by {@link KafkaClusterExtension}: an
 * embedded broker of its own, or the external cluster named by {@code KAFKA_BOOTSTRAP_SERVERS}.
 *
 * @param bootstrapServers where clients connect
 * @param topicPrefix      unique to the test class; prefix every topic, group and Streams
 *                         application id with it so classes sharing an external cluster never
 *                         see each other's data
 * @param embedded         true when the cluster is an in-process broker started for this class
 */
public record KafkaCluster(String bootstrapServers, String topicPrefix, boolean embedded) {

    /** {@code bootstrap.servers}, ready to extend with client-specific properties. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** A new admin client; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /** {@code name} with this class's prefix. */
    public String topic(String name) {
        return topicPrefix + name;
    }

    /** Our topic registry under this class's prefix. */
    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /**
     * The shared service settings (see COMMON config keys) that point a service at this cluster:
     * bootstrap servers, the topic prefix, and replication 1 so topics can be created on a
     * single broker. Lay test-specific keys over it.
     */
    public Map<String, String> serviceSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrapServers);
        settings.put("topics.prefix", topicPrefix);
        settings.put("topics.replication.factor", "1");
        settings.put("topics.min.insync.replicas", "1");
        return settings;
    }
}
