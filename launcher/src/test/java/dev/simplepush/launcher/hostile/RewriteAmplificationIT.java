package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, rewrite amplification, on a real broker: one device registers channel after channel,
 * and what that writes to streams-state's changelogs is summed from the topics themselves. Each
 * register costs a few hundred bytes however many channels the device already has (before
 * per-channel rows, the n-th register rewrote all n channel ids).
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewriteAmplificationIT {
    private static final int REGISTERS = 500;
    private static final int WINDOW = 50;

    private KafkaCluster cluster;
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        this.cluster = cluster;
        deployment = Deployment.builder(cluster, stateDir).nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @DisplayName("500 registers on one device write a few hundred changelog bytes each, the last no more than the first")
    void theChangelogBytesOfARegisterDoNotGrowWithTheDevicesChannels() throws Exception {
        String uaid = UUID.randomUUID().toString().replace("-", "");
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            long afterHello = changelogBytes(uaid);
            List<Long> windows = new ArrayList<>();
            long before = afterHello;
            for (int from = 0; from < REGISTERS; from += WINDOW) {
                List<String> channels = new ArrayList<>();
                for (int i = 0; i < WINDOW; i++) {
                    channels.add(UUID.randomUUID().toString());
                }
                channels.forEach(chid -> device.send("{\"messageType\":\"register\",\"channelID\":\"" + chid + "\"}"));
                for (String chid : channels) {
                    JsonNode reply = device.receiveJson();
                    assertThat(reply.path("status").intValue()).as("register %s", chid).isEqualTo(200);
                }
                // A register reply leaves only after streams-state's transaction committed, so the
                // changelog records of these registers are all readable now.
                long now = changelogBytes(uaid);
                windows.add(now - before);
                before = now;
            }
            long total = before - afterHello;
            System.out.printf("changelog bytes of %d registers on one device: %d in all, %d per register; per window"
                    + " of %d: %s%n", REGISTERS, total, total / REGISTERS, WINDOW, windows);

            assertThat(total / REGISTERS).as("bytes per register").isLessThan(400);
            assertThat(windows.get(windows.size() - 1)).as("the last %d registers against the first", WINDOW)
                    .isLessThanOrEqualTo(windows.get(0) + WINDOW * 4L);
        }
    }

    /** Key plus value bytes of every committed changelog record of {@code uaid}'s rows. */
    private long changelogBytes(String uaid) throws Exception {
        List<String> changelogs;
        try (Admin admin = cluster.createAdmin()) {
            changelogs = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(cluster.topicPrefix()) && name.endsWith("-changelog"))
                    .toList();
        }
        Map<String, Object> props = cluster.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long bytes = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : changelogs) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && (record.key().equals(uaid) || record.key().startsWith(uaid + "/"))) {
                        bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    }
                }
            }
        }
        return bytes;
    }
}
