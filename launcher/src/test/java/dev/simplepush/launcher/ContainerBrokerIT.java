package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline on Kafka's own container image, where a Docker engine exists. Without one (as on
 * our CI machines) the whole class is skipped, never failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIT {
    private static KafkaContainer kafka;

    @BeforeAll
    static void startBroker() {
        // Created here, not in a field initialiser, so a machine without Docker never touches it.
        kafka = new KafkaContainer("apache/kafka:4.1.0");
        kafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void aConnectedDeviceGetsItsUpdateThroughAContainerBroker(@TempDir Path stateDir) {
        KafkaCluster cluster = new KafkaCluster(kafka.getBootstrapServers(), "container-", false);
        String chid = UUID.randomUUID().toString();
        try (Deployment deployment = Deployment.start(cluster, stateDir, 1);
                DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            String endpoint = device.register(chid);

            assertThat(new AppServerClient().putVersion(endpoint, 42).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 42));
        }
    }
}
