package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production mode: each service alone in its own JVM, given the cluster by flag or environment. */
@WithKafkaCluster
class SeparateProcessesIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);
    /** What the JVM answers to SIGTERM once its shutdown hooks have run. */
    private static final int SIGTERM_EXIT = 143;

    @Test
    void eachServiceRunsAsItsOwnProcessAndStopsCleanlyOnSigterm(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        Map<String, String> env = Map.of(
                "SIMPLEPUSH_TOKEN_KEYS", EndpointTokens.generateKey(),
                "SIMPLEPUSH_TOPICS_PREFIX", cluster.topicPrefix(),
                "SIMPLEPUSH_TOPICS_REPLICATION_FACTOR", "1",
                "SIMPLEPUSH_TOPICS_MIN_INSYNC_REPLICAS", "1",
                // Three processes on one host: each admin server on a port of its own.
                "SIMPLEPUSH_ADMIN_LISTEN_PORT", "0");
        Map<String, String> envWithKafka = new HashMap<>(env);
        envWithKafka.put("SIMPLEPUSH_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        String chid = UUID.randomUUID().toString();

        try (ServiceProcess state = ServiceProcess.start(dir, env, "state",
                        "--bootstrap-servers", cluster.bootstrapServers(), "--set", "state.dir=" + dir.resolve("state"));
                ServiceProcess gateway = ServiceProcess.start(dir, envWithKafka, "gateway",
                        "--set", "gateway.listen.host=127.0.0.1", "--set", "gateway.listen.port=0")) {
            state.awaitLine("simplepush state ready", START);
            URI gatewayAdmin = URI.create(gateway.awaitLine("simplepush gateway admin: (http://127.0.0.1:\\d+/)", START)
                    .group(1));
            String gatewayPort = gateway.awaitLine("simplepush gateway 0 ready: http://127.0.0.1:(\\d+)/", START).group(1);
            try (ServiceProcess node = ServiceProcess.start(dir, env, "node",
                    "--bootstrap-servers", cluster.bootstrapServers(),
                    "-s", "node.listen.host=127.0.0.1", "-s", "node.listen.port=0",
                    "-s", "node.endpoint.base=http://127.0.0.1:" + gatewayPort)) {
                String nodePort = node.awaitLine("simplepush node 0 ready: ws://127.0.0.1:(\\d+)/", START).group(1);

                try (DeviceClient device = DeviceClient.connect(URI.create("ws://127.0.0.1:" + nodePort + "/"))) {
                    device.hello(null);
                    String endpoint = device.register(chid);
                    assertThat(endpoint).startsWith("http://127.0.0.1:" + gatewayPort + "/update/");

                    assertThat(new AppServerClient().putVersion(endpoint, 8).status()).isEqualTo(200);
                    assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 8));
                }
                assertThat(get(gatewayAdmin.resolve("/health/ready")).statusCode()).isEqualTo(200);
                await().atMost(STOP).untilAsserted(() -> assertThat(get(gatewayAdmin.resolve("/metrics")).body())
                        .contains("simplepush_gateway_puts_total{status=\"200\"} 1.0"));
                assertThat(node.terminate(STOP)).as(node.logTail()).isEqualTo(SIGTERM_EXIT);
            }
            assertThat(gateway.terminate(STOP)).as(gateway.logTail()).isEqualTo(SIGTERM_EXIT);
            assertThat(state.terminate(STOP)).as(state.logTail()).isEqualTo(SIGTERM_EXIT);
            assertThat(state.logTail()).contains("state stopped");
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(STOP).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
