package dev.simplepush.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEnvironmentTest {

    @Test
    void kafkaVariablesBecomeServerPropertiesByTheOfficialImagesRules() {
        KafkaEnvironment environment = KafkaEnvironment.from(Map.of(
                "CLUSTER_ID", "c2ltcGxlcHVzaC1jbHVzdA",
                "KAFKA_NODE_ID", "2",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT",
                "KAFKA_LOG_RETENTION__MS", "1000",
                "KAFKA_SOME___DASHED_NAME", "x",
                "PATH", "/opt/java/bin"));

        assertThat(environment.serverProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "node.id", "2",
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT",
                "log.retention_ms", "1000",
                "some-dashed.name", "x"));
        assertThat(environment.clusterId()).isEqualTo("c2ltcGxlcHVzaC1jbHVzdA");
    }

    @Test
    void jvmAndLoggingVariablesOfTheImageAreNotServerProperties() {
        KafkaEnvironment environment = KafkaEnvironment.from(Map.of(
                "CLUSTER_ID", "c2ltcGxlcHVzaC1jbHVzdA",
                "KAFKA_NODE_ID", "1",
                "KAFKA_HEAP_OPTS", "-Xmx1G",
                "KAFKA_VERSION", "4.3.1",
                "KAFKA_LOG4J_LOGGERS", "kafka=WARN"));

        assertThat(environment.serverProperties()).containsOnlyKeys("node.id");
    }

    @Test
    void withoutKafkaVariablesTheImagesSingleNodeDefaultsRun() {
        KafkaEnvironment environment = KafkaEnvironment.from(Map.of("PATH", "/opt/java/bin"));

        assertThat(environment.serverProperties()).containsEntry("process.roles", "broker,controller")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092");
        assertThat(environment.clusterId()).isEqualTo(KafkaEnvironment.DEFAULT_CLUSTER_ID);
    }

    @Test
    void kafkaVariablesWithoutAClusterIdAreRefusedNamingIt() {
        assertThatThrownBy(() -> KafkaEnvironment.from(Map.of("KAFKA_NODE_ID", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CLUSTER_ID is not set");
    }
}
