package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;



import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench's storm and scale-out scenarios, small: the tool must complete, kill the node it was
 * told to, bring every device back with its update, and count deliveries per node. No timing is
 * asserted; the numbers are printed.
 */
@WithKafkaCluster
class BenchStormSmokeIT {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private JsonNode bench(String name, String... args) throws Exception {
        Path json = dir.resolve(name + ".json");
        String[] all = Stream.concat(Arrays.stream(args),
                Stream.of("--progress", "2s", "--json", json.toString())).toArray(String[]::new);
        int exit = new CommandLine(new Main()).execute(all);
        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        System.out.println("bench " + name + ": " + report);
        assertThat(exit).as("exit status (1 means an accepted update was lost)").isZero();
        assertThat(report.at("/deliveries/lostChannels").asLong()).isZero();
        return report;
    }

    @Test
    void everyDeviceOfAKilledNodeComesBackElsewhereWithTheUpdatePutWhileItWasAway(KafkaCluster cluster)
            throws Exception {
        try (Deployment services = Deployment.builder(cluster, dir.resolve("state"))
                .set("state.node.dead.after", "3s")
                .set("state.node.check.interval", "500ms")
                .set("node.heartbeat.interval", "300ms")
                .nodes(2).start();
                ServiceProcess doomed = ServiceProcess.start(dir, ServiceProcess.environmentOf(services.settings()), "node",
                        "-s", "node.id=2", "-s", "node.listen.host=127.0.0.1", "-s", "node.listen.port=0",
                        "-s", "admin.listen.port=-1")) {
            String port = doomed.awaitLine("simplepush node 2 ready: ws://127.0.0.1:(\\d+)/", START).group(1);

            JsonNode report = bench("storm", "bench", "storm", "--ws-url",
                    "ws://127.0.0.1:" + port + "/," + services.node(0) + "," + services.node(1),
                    "--devices", "60", "--rate", "60", "--kill-pid", Long.toString(doomed.pid()), "--kill-after", "1s",
                    "--duration", "60s", "--reconnect-delay", "100ms", "--timeout", "30s", "--processes", "2");

            assertThat(report.at("/storm/devices").asInt()).isEqualTo(60);
            assertThat(report.at("/storm/done").asInt()).isEqualTo(60);
            assertThat(report.at("/storm/killToUpdateMillis/count").asLong()).isEqualTo(60);
            assertThat(report.at("/connections/reconnects").asLong()).isEqualTo(60);
            assertThat(report.at("/deliveries/byNode").size()).as("devices spread over both others").isEqualTo(2);
        }
    }

    @Test
    void aScaleOutRunDeliversOnEveryNode(KafkaCluster cluster) throws Exception {
        try (Deployment services = Deployment.start(cluster, dir.resolve("state2"), 2)) {
            JsonNode report = bench("scaleout", "bench", "scaleout", "--ws-url",
                    services.node(0) + "," + services.node(1), "--devices", "40", "--rate", "40", "--duration", "4s",
                    "--warmup", "1s", "--watch-pid", Long.toString(ProcessHandle.current().pid()),
                    "--watch-every", "2s");

            assertThat(report.at("/deliveries/byNode").size()).isEqualTo(2);
            assertThat(report.at("/watched/0/heapUsedKbAfter").asLong()).isPositive();
            assertThat(report.path("watchTimeline").size()).isPositive();
        }
    }
}
