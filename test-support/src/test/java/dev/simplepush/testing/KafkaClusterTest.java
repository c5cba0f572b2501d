package dev.simplepush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClusterTest {
    private final KafkaCluster cluster = new KafkaCluster("broker:9092", "someit-0a1b2c3d-", true);

    @Test
    void serviceSettingsPointAServiceAtTheClusterWithTheClassPrefixAndReplicationOne() {
        assertThat(cluster.serviceSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka.bootstrap.servers", "broker:9092",
                "topics.prefix", "someit-0a1b2c3d-",
                "topics.replication.factor", "1",
                "topics.min.insync.replicas", "1"));
    }

    @Test
    void topicNamesCarryTheClassPrefix() {
        assertThat(cluster.topic("events")).isEqualTo("someit-0a1b2c3d-events");
        assertThat(cluster.topics().notifications().name()).isEqualTo("someit-0a1b2c3d-notifications");
    }

    @Test
    void anExternalClusterNamedInTheEnvironmentIsUsedInsteadOfAnEmbeddedBroker() {
        ClusterResource resource = ClusterResource.start(KafkaClusterTest.class,
                Map.of(KafkaClusterExtension.BOOTSTRAP_SERVERS_ENV, " kafka-1:9092,kafka-2:9092 "));

        assertThat(resource.cluster().embedded()).isFalse();
        assertThat(resource.cluster().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(resource.cluster().topicPrefix()).startsWith("kafkaclustertest-");
    }
}
