package dev.simplepush.launcher.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.launcher.Main;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A short run of the bench's broadcast scenario against two nodes: it must complete, every
 * accepted update must arrive, and every device must get every broadcast set. No timing is
 * asserted (the numbers are printed; docs/performance.md has the measured ones).
 */
@WithKafkaCluster
class BroadcastBenchSmokeIT {
    private static final String TOKEN = "bench-broadcaster-token-012345";

    @Test
    void everyDeviceGetsEveryBroadcastSetWhileTheUpdatesFlow(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        try (Deployment services = Deployment.builder(cluster, dir.resolve("state"))
                .set("broadcast.tokens", "bench=" + TOKEN).nodes(2).start()) {
            Path json = dir.resolve("broadcast.json");
            int exit = new CommandLine(new Main()).execute("bench", "broadcast", "--devices", "200", "--rate", "50",
                    "--duration", "9s", "--warmup", "1s", "--broadcast-every", "3s",
                    "--broadcast-url", services.gatewayUrl(), "--broadcast-token", TOKEN,
                    "--ws-url", services.node(0) + "," + services.node(1), "--progress", "2s",
                    "--json", json.toString());
            JsonNode report = new ObjectMapper().readTree(Files.readString(json));
            System.out.println("bench broadcast: " + report);

            assertThat(exit).as("exit status (1 means an accepted update was lost)").isZero();
            assertThat(report.at("/deliveries/lostChannels").asLong()).isZero();
            assertThat(report.at("/broadcast/set").asLong()).isEqualTo(2);
            assertThat(report.at("/broadcast/setFailed").asLong()).isZero();
            assertThat(report.at("/broadcast/sets")).hasSize(2);
            for (JsonNode set : report.at("/broadcast/sets")) {
                assertThat(set.path("devices").asLong()).isEqualTo(200);
                assertThat(set.path("missing").asLong()).isZero();
            }
            assertThat(report.at("/broadcast/notificationOutsideFanoutMillis/count").asLong()).isPositive();
        }
    }
}
