package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A short run of each bench scenario against two nodes: the tool must complete and every update
 * the gateway accepted must reach its device. No timing is asserted; the numbers are printed.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSmokeIT {
    private Deployment deployment;
    @TempDir
    Path dir;

    @BeforeAll
    void start(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.start(cluster, stateDir, 2);
    }

    @AfterAll
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private JsonNode bench(String name, String... args) throws Exception {
        return bench(deployment, name, args);
    }

    private JsonNode bench(Deployment target, String name, String... args) throws Exception {
        Path json = dir.resolve(name + ".json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ws-url", target.node(0) + "," + target.node(1), "--progress", "2s",
                "--json", json.toString()));
        int exit = new CommandLine(new Main()).execute(all.toArray(String[]::new));
        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        System.out.println("bench " + name + ": " + report);
        assertThat(exit).as("exit status (1 means an accepted update was lost)").isZero();
        assertThat(report.at("/deliveries/lostChannels").asLong()).isZero();
        assertThat(report.at("/puts/failed").asLong()).isZero();
        return report;
    }

    @Test
    void aClosedLoopOverTwoBenchProcessesDeliversEveryAcceptedUpdate() throws Exception {
        JsonNode report = bench("throughput", "bench", "throughput", "--devices", "200", "--duration", "8s",
                "--warmup", "2s", "--concurrency", "16", "--processes", "2", "--timeout", "30s");

        assertThat(report.path("processes").asInt()).isEqualTo(2);
        assertThat(report.path("devices").asInt()).isEqualTo(200);
        assertThat(report.at("/puts/accepted").asLong()).isPositive();
        assertThat(report.at("/deliveries/timeouts").asLong()).isZero();
        assertThat(report.at("/latencyMillis/putToNotification/count").asLong()).isPositive();
        assertThat(report.at("/latencyMillis/connect/count").asLong()).isEqualTo(200);
    }

    @Test
    void aSteadyRateIsSentAndEveryAcceptedUpdateArrives() throws Exception {
        JsonNode report = bench("latency", "bench", "latency", "--devices", "100", "--rate", "100", "--duration", "8s",
                "--warmup", "1s");

        assertThat(report.at("/puts/accepted").asLong()).isPositive();
        assertThat(report.at("/puts/byStatus").fieldNames()).toIterable().containsAnyOf("200", "202");
        assertThat(report.at("/deliveries/delivered").asLong()).isPositive();
    }

    @Test
    void aBacklogStoredWhileTheDevicesWereOfflineArrivesWholeAfterTheyReconnect(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        // The bench signs its VAPID JWTs for the endpoints' origin, as a real app server does; the
        // gateway accepts only its own endpoint base's, so that must be the port it listens on.
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Deployment webPush = Deployment.builder(cluster, stateDir)
                .set("gateway.listen.port", Integer.toString(port))
                .set("gateway.endpoint.base", "http://127.0.0.1:" + port).nodes(2).start()) {
            JsonNode report = bench(webPush, "backlog", "bench", "backlog", "--devices", "5", "--backlog", "5",
                    "--payload", "512", "--duration", "60s", "--timeout", "30s", "--offline-grace", "1s",
                    "--state-dir", stateDir.toString(), "--watch-pid", Long.toString(ProcessHandle.current().pid()));
            assertBacklogArrivedWhole(report);
        }
    }

    private static void assertBacklogArrivedWhole(JsonNode report) {
        assertThat(report.path("scenario").asText()).isEqualTo("backlog");
        assertThat(report.at("/backlog/posts/created").asLong()).isEqualTo(25);
        assertThat(report.at("/backlog/posts/notCreated").asLong()).isZero();
        assertThat(report.at("/backlog/flush/expected").asLong()).isEqualTo(25);
        assertThat(report.at("/backlog/flush/arrived").asLong()).isEqualTo(25);
        assertThat(report.at("/backlog/flush/missing").asLong()).isZero();
        assertThat(report.at("/backlog/flush/unexpected").asLong()).isZero();
        assertThat(report.at("/backlog/flush/devicesIncomplete").asLong()).isZero();
        assertThat(report.at("/backlog/flush/deviceDoneMillis/count").asLong()).isEqualTo(5);
        assertThat(report.at("/backlog/memory/servers/0/heapUsedKbAfterGc").fieldNames()).toIterable()
                .containsExactly("beforePosts", "backlogStored", "afterFlush");
        assertThat(report.at("/backlog/memory/stateDir/bytes/backlogStored").asLong()).isPositive();
    }

    @Test
    void devicesThatDropAndReconnectLoseNothing() throws Exception {
        JsonNode report = bench("soak", "bench", "soak", "--devices", "60", "--rate", "60", "--duration", "8s",
                "--warmup", "1s", "--churn", "100", "--reconnect-delay", "100ms");

        assertThat(report.at("/connections/reconnects").asLong()).isPositive();
        assertThat(report.at("/connections/uaidResets").asLong()).isZero();
    }
}
