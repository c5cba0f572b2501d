package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.UaidPartitioner;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Poison records on a real broker (issue 17, point 1): three records that streams-state cannot
 * read, process or write are put in the partition of a good device. Each is set aside (dead
 * letter, {@code set_aside} audit record); the good device's PUTs are delivered throughout, and
 * streams-state starts again over the same partition.
 */
@WithKafkaCluster
class PoisonRecordIT {
    private static final int PARTITIONS = 4;
    /** The {@code deliveries} topic takes no more; the write limit is lowered to fit it. */
    private static final int DELIVERIES_MAX_MESSAGE_BYTES = 32 * 1024;

    @Test
    void recordsThatCannotBeReadProcessedOrWrittenAreSetAsideAndTheirPartitionKeepsWorkingAcrossARestart(
            KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (Admin admin = cluster.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(cluster.topic("deliveries"), 4, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(DELIVERIES_MAX_MESSAGE_BYTES))))).all().get(30, TimeUnit.SECONDS);
        }
        String tokenKey = EndpointTokens.generateKey();
        AppServerClient appServer = new AppServerClient();
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (Deployment deployment = deployment(cluster, stateDir, tokenKey);
                DeviceClient device = DeviceClient.connect(deployment.node(0));
                DeviceClient victim = DeviceClient.connect(deployment.node(0))) {
            uaid = device.hello(null);
            endpoint = device.register(chid);
            int partition = UaidPartitioner.partition(uaid, PARTITIONS);
            // A device of the same partition whose live delivery is too large for its topic.
            String victimUaid = victim.hello(uaidIn(partition));
            victim.register(chid);
            String unprocessable = uaidIn(partition);
            String unreadable = uaidIn(partition);

            try (KafkaProducer<String, byte[]> producer = producer(cluster)) {
                // A connection id no node writes (and a presence larger than any topic takes).
                producer.send(new ProducerRecord<>(cluster.topic("device-events"), unprocessable,
                        JsonSerde.of(DeviceEvent.class).serialize("", new DeviceEvent.Hello(unprocessable, 0,
                                "c".repeat(DELIVERIES_MAX_MESSAGE_BYTES), 0, true, System.currentTimeMillis()))));
                producer.send(new ProducerRecord<>(cluster.topic("device-events"), unreadable,
                        "{\"messageType\":".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(cluster.topic("notifications"), victimUaid,
                        JsonSerde.of(Notification.class).serialize("", new Notification("poison-1", 0, victimUaid,
                                chid, 7, "d".repeat(DELIVERIES_MAX_MESSAGE_BYTES), System.currentTimeMillis()))));
                producer.flush();
            }

            for (long version = 1; version <= 5; version++) {
                assertThat(appServer.putVersion(endpoint, version).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, version));
                device.ack(chid, version);
            }
            List<ConsumerRecord<String, byte[]>> letters = deadLetters(cluster, 3);
            assertThat(letters).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(unprocessable, unreadable, victimUaid);
            assertThat(letters).allSatisfy(letter -> assertThat(letter.partition()).isEqualTo(partition));
            assertThat(letters).extracting(letter -> header(letter, "simplepush.set.aside.failure"))
                    .containsExactlyInAnyOrder("PROCESSING", "UNREADABLE", "UNWRITABLE");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(audit(cluster))
                    .contains(unprocessable, unreadable, victimUaid, "PROCESSING", "UNREADABLE", "UNWRITABLE"));
            // The victim's update was stored before its delivery was set aside.
            victim.close();
            try (DeviceClient again = DeviceClient.connect(deployment.node(0))) {
                assertThat(again.hello(victimUaid)).isEqualTo(victimUaid);
                assertThat(again.receiveNotification()).containsExactly(Update.of(chid, 7));
            }
        }

        // The poison records are behind the committed offsets: streams-state starts again.
        try (Deployment deployment = deployment(cluster, stateDir, tokenKey);
                DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            // The same endpoint, on the new gateway's port.
            String again = deployment.gatewayUrl() + endpoint.substring(endpoint.indexOf("/update/"));
            assertThat(appServer.putVersion(again, 6).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 6));
        }
    }

    private static Deployment deployment(KafkaCluster cluster, Path stateDir, String tokenKey) {
        return Deployment.builder(cluster, stateDir).set(EndpointTokens.KEYS_SETTING, tokenKey).nodes(1).start();
    }

    /** A random uaid that hashes to {@code partition}. */
    private static String uaidIn(int partition) {
        while (true) {
            String uaid = UUID.randomUUID().toString().replace("-", "");
            if (UaidPartitioner.partition(uaid, PARTITIONS) == partition) {
                return uaid;
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaCluster cluster) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(KafkaCluster cluster, int count) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letters-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(cluster.topic("dead-letters")));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return letters.size() >= count;
            });
        }
        return letters;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What {@code ./simplepush audit --type set_aside} prints. */
    private static String audit(KafkaCluster cluster) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(new AuditCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        ((AuditCommand) line.getCommand()).env = Map.of();
        line.execute("--bootstrap-servers", cluster.bootstrapServers(), "--set", "topics.prefix=" + cluster.topicPrefix(),
                "--type", "set_aside");
        return out.toString();
    }
}
