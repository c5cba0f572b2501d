package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.audit.UaidPartitioner;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 7, static membership: streams-state with {@code state.group.instance.id} and two
 * stream threads is killed with SIGKILL, and started again with one. Its second thread's static
 * member would keep its tasks until its session timed out (45 s) while the new instance already
 * reports ready; start-up removes it, so every partition is served as soon as start returns.
 */
@WithKafkaCluster
class StaticMemberRestartIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final int PARTITIONS = 4;

    @Test
    void aRestartWithFewerThreadsServesEveryPartitionAtOnce(KafkaCluster cluster, @TempDir Path dir) {
        Map<String, String> settings = new HashMap<>(cluster.serviceSettings());
        settings.put("topics.uaid.partitions", Integer.toString(PARTITIONS));
        settings.put("topics.max.nodes", "4");
        settings.put("topics.max.gateways", "4");
        Map<String, String> env = new HashMap<>(ServiceProcess.environmentOf(settings));
        env.put("SIMPLEPUSH_STATE_GROUP_INSTANCE_ID", "static-state");
        env.put("SIMPLEPUSH_STATE_NUM_STREAM_THREADS", "2");
        env.put("SIMPLEPUSH_ADMIN_LISTEN_PORT", "-1");
        try (ServiceProcess state = ServiceProcess.start(dir, env, "state", "--set",
                "state.dir=" + dir.resolve("crashed"))) {
            state.awaitLine("simplepush state ready", START);
            state.kill(Duration.ofSeconds(30));
        }

        try (Deployment deployment = Deployment.builder(cluster, dir.resolve("restarted"))
                .set("state.group.instance.id", "static-state").set("state.num.stream.threads", "1").nodes(1).start()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
                    String uaid = uaidIn(partition);
                    assertThat(device.hello(uaid)).as("a hello on partition %d", partition).isEqualTo(uaid);
                }
            }
        }
    }

    private static String uaidIn(int partition) {
        while (true) {
            String uaid = UUID.randomUUID().toString().replace("-", "");
            if (UaidPartitioner.partition(uaid, PARTITIONS) == partition) {
                return uaid;
            }
        }
    }
}
