package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the independent client in {@code src/test/spec-client}: a device and app server written in
 * JavaScript from the wire spec alone, by someone who had not read this server's code. It sends
 * every valid and invalid message it could think of and compares each answer with the spec.
 * Needs Node.js and {@code npm ci} in that folder; skipped without them unless
 * {@code SIMPLEPUSH_REQUIRE_NODE=1} (as in CI), where their absence fails.
 */
@WithKafkaCluster
class SpecClientIT {
    private static final Path CLIENT = Path.of("src", "test", "spec-client");

    @Test
    @DisplayName("a client written only from the spec gets the documented answer to everything it sends")
    void aClientWrittenFromTheSpecAloneFindsNoDeviation(KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        boolean required = "1".equals(System.getenv("SIMPLEPUSH_REQUIRE_NODE"));
        boolean ready = Files.isDirectory(CLIENT.resolve("node_modules").resolve("ws")) && nodeRuns();
        if (required) {
            assertThat(ready).as("node and `npm ci` in " + CLIENT + " (SIMPLEPUSH_REQUIRE_NODE=1)").isTrue();
        }
        assumeTrue(ready, "needs node and `npm ci` in " + CLIENT);

        Path report = Path.of("target", "spec-client-report.txt");
        try (Deployment deployment = Deployment.start(cluster, stateDir, 1)) {
            URI gateway = URI.create(deployment.gatewayUrl());
            ProcessBuilder run = new ProcessBuilder("node", "check.mjs").directory(CLIENT.toFile())
                    .redirectErrorStream(true).redirectOutput(report.toFile());
            run.environment().put("WS_URL", deployment.node(0).toString());
            run.environment().put("HTTP_HOST", gateway.getHost());
            run.environment().put("HTTP_PORT", Integer.toString(gateway.getPort()));
            Process process = run.start();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(report, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("the spec client finished within 5 minutes").isTrue();
            assertThat(process.exitValue()).as("spec client exit status; its FAIL list is in " + report).isZero();
            assertThat(output).containsPattern("SUMMARY: \\d+ check groups, PASS [1-9]\\d*, FAIL 0,");
        }
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
