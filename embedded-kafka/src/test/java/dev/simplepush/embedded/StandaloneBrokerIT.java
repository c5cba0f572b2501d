package dev.simplepush.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container image's broker role, configured by KAFKA_* variables as the apache/kafka image is. */
class StandaloneBrokerIT {
    private static final String CLUSTER_ID = "c2ltcGxlcHVzaC1jbHVzdA";

    @TempDir
    Path dataDir;

    @Test
    void aNodeFromKafkaVariablesFormatsItsStorageOnceAndKeepsItsTopicsAcrossARestart() throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        KafkaEnvironment environment = KafkaEnvironment.from(Map.ofEntries(
                Map.entry("CLUSTER_ID", CLUSTER_ID),
                Map.entry("KAFKA_NODE_ID", "1"),
                Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controllerPort),
                Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                Map.entry("KAFKA_LISTENERS", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("KAFKA_LOG_DIRS", dataDir.resolve("data").toString()),
                Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
                Map.entry("KAFKA_HEAP_OPTS", "-Xmx1G")));
        String bootstrap = "127.0.0.1:" + brokerPort;

        try (StandaloneBroker broker = StandaloneBroker.start(environment); Admin admin = admin(bootstrap)) {
            assertThat(admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS)).isEqualTo(CLUSTER_ID);
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        try (StandaloneBroker broker = StandaloneBroker.start(environment); Admin admin = admin(bootstrap)) {
            assertThat(admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS)).isEqualTo(CLUSTER_ID);
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).isEqualTo(Set.of("kept"));
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
