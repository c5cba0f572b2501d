package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real pipeline writes the audit trail: register, a live PUT and its ack, a PUT while the
 * device is offline, the reconnect that flushes it and its ack; then {@code audit trace} finds the
 * whole timeline of both versions.
 */
@WithKafkaCluster
class AuditPipelineIT {

    @Test
    void auditTraceFindsEveryStepOfEachVersionFromPutToAck(KafkaCluster cluster, @TempDir Path stateDir) {
        AppServerClient appServer = new AppServerClient();
        String chid = UUID.randomUUID().toString();
        String uaid;
        try (Deployment deployment = Deployment.start(cluster, stateDir, 1)) {
            String endpoint;
            try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
                uaid = device.hello(null);
                endpoint = device.register(chid);
                assertThat(appServer.putVersion(endpoint, 5).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 5));
                device.ack(chid, 5);
                device.ping();
            }
            assertThat(appServer.putVersion(endpoint, 6).status()).isEqualTo(202);
            try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
                assertThat(device.hello(uaid)).isEqualTo(uaid);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 6));
                device.ack(chid, 6);
                device.ping();
            }

            // Generous: each look starts a consumer, which takes seconds on a loaded machine.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                String trace = trace(cluster, uaid, chid);
                assertThat(steps(trace, "version 5")).containsExactly("accepted", "routed", "delivered", "acked");
                assertThat(steps(trace, "version 6"))
                        .containsExactly("accepted", "routed", "hello", "delivered", "acked");
                assertThat(steps(trace, "channel")).containsExactly("registered");
                // The device's disconnect and the next PUT reach streams-state on two topics, in no
                // promised order: the PUT is stored (the disconnect came first) or routed to the
                // closed socket, whose node answers 202 and leaves it pending. Both are right.
                assertThat(stepLine(trace, "version 6", "routed"))
                        .containsPattern("stored, device offline|to node 0 connection \\S+ \\(request");
                assertThat(trace).contains("status 200, gateway 0", "to node 0 connection", "status 202, gateway 0",
                        "ACCEPTED (KNOWN), 0 channels, 1 pending, node 0", "flush after hello").containsPattern("PUT->delivered \\d+ ms, delivered->acked \\d+ ms, "
                        + "PUT->acked \\d+ ms\\n\\nversion 6");
            });
        }
    }

    private static String trace(KafkaCluster cluster, String uaid, String chid) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(new AuditCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        AuditTraceCommand trace = line.getSubcommands().get("trace").getCommand();
        trace.env = Map.of();
        line.execute("trace", "--bootstrap-servers", cluster.bootstrapServers(),
                "--set", "topics.prefix=" + cluster.topicPrefix(), "--uaid", uaid, "--channel", chid);
        return out.toString();
    }

    /** The line of one step of a section of a trace, or "" if it has none. */
    private static String stepLine(String trace, String section, String step) {
        boolean in = false;
        for (String line : trace.lines().toList()) {
            if (line.equals(section)) {
                in = true;
            } else if (in && line.startsWith("  20") && line.trim().split("\\s+")[1].equals(step)) {
                return line;
            } else if (in && line.isBlank()) {
                break;
            }
        }
        return "";
    }

    /** The step types of one section of a trace, in order. */
    private static List<String> steps(String trace, String section) {
        List<String> steps = new ArrayList<>();
        boolean in = false;
        for (String line : trace.lines().toList()) {
            if (line.equals(section)) {
                in = true;
            } else if (in && line.startsWith("  20")) {
                steps.add(line.trim().split("\\s+")[1]);
            } else if (in && line.isBlank()) {
                break;
            }
        }
        return steps;
    }
}
