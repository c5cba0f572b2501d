package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@WithKafkaCluster
class ProbeCommandIT {
    @Test
    void theProbeCompletesItsRoundTripsAndReportsPercentiles(KafkaCluster cluster, @TempDir Path stateDir) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Deployment deployment = Deployment.start(cluster, stateDir, 1)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute("probe", "--ws-url", deployment.node(0).toString(),
                    "--count", "50", "--warmup", "5");

            assertThat(exit).isZero();
        } finally {
            System.setOut(stdout);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        stdout.print(report);
        assertThat(report).containsPattern("50 round trips, PUT->notification latency ms: p50 [0-9.]+, p90 [0-9.]+, p99 [0-9.]+");
    }
}
