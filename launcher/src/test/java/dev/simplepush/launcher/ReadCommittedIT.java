package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property exactly-once rests on, end to end: what streams-state wrote to {@code node-commands}
 * in a transaction that was aborted (the first attempt of records a crashed instance processes
 * again) never reaches a device. Plays the crashed instance with a transactional producer of its
 * own. (Live deliveries on {@code deliveries} are read before the commit on purpose; see
 * docs/reliability.md, "Fast deliveries".)
 */
@WithKafkaCluster
class ReadCommittedIT {

    @Test
    void aDeliveryFromAnAbortedTransactionNeverReachesTheDevice(KafkaCluster cluster, @TempDir Path dir) {
        String chid = UUID.randomUUID().toString();
        Topic<NodeCommand> commands = cluster.topics().nodeCommands();
        try (Deployment services = Deployment.start(cluster, dir, 1);
                DeviceClient device = DeviceClient.connect(services.node(0))) {
            String uaid = device.hello(null);
            device.register(chid);
            String connectionId = connectionIdOf(cluster, commands, uaid);

            try (KafkaProducer<String, NodeCommand> crashed = transactionalProducer(cluster, commands)) {
                crashed.initTransactions();
                crashed.beginTransaction();
                crashed.send(new ProducerRecord<>(commands.name(), 0, uaid,
                        new NodeCommand.Deliver(0, connectionId, uaid, List.of(Update.of(chid, 41)), null)));
                crashed.flush();
                crashed.abortTransaction();

                crashed.beginTransaction();
                crashed.send(new ProducerRecord<>(commands.name(), 0, uaid,
                        new NodeCommand.Deliver(0, connectionId, uaid, List.of(Update.of(chid, 42)), null)));
                crashed.commitTransaction();
            }

            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 42));
            device.expectNoMessage(Duration.ofMillis(500));
        }
    }

    @Test
    void aLiveDeliveryOnTheDeliveriesTopicReachesTheDeviceBeforeItsTransactionCommits(KafkaCluster cluster,
            @TempDir Path dir) {
        String chid = UUID.randomUUID().toString();
        Topic<NodeCommand> deliveries = cluster.topics().deliveries();
        try (Deployment services = Deployment.start(cluster, dir, 1);
                DeviceClient device = DeviceClient.connect(services.node(0))) {
            String uaid = device.hello(null);
            device.register(chid);
            String connectionId = connectionIdOf(cluster, cluster.topics().nodeCommands(), uaid);

            try (KafkaProducer<String, NodeCommand> state = transactionalProducer(cluster, deliveries)) {
                state.initTransactions();
                state.beginTransaction();
                state.send(new ProducerRecord<>(deliveries.name(), 0, uaid,
                        new NodeCommand.Deliver(0, connectionId, uaid, List.of(Update.of(chid, 43)), null)));
                state.flush();

                // Still open: only a read_uncommitted reader can have seen it.
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 43));
                state.abortTransaction();
            }
        }
    }

    /** The node's id for the device's socket, from the hello result streams-state sent the node. */
    private static String connectionIdOf(KafkaCluster cluster, Topic<NodeCommand> commands, String uaid) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AtomicReference<String> found = new AtomicReference<>();
        try (KafkaConsumer<String, NodeCommand> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                commands.valueSerde().deserializer())) {
            TopicPartition partition = new TopicPartition(commands.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (record.value() instanceof NodeCommand.HelloResult result && uaid.equals(result.uaid())) {
                        found.set(result.connectionId());
                    }
                });
                return found.get() != null;
            });
        }
        return found.get();
    }

    private static KafkaProducer<String, NodeCommand> transactionalProducer(KafkaCluster cluster,
            Topic<NodeCommand> commands) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crashed-state-" + UUID.randomUUID());
        return new KafkaProducer<>(props, new StringSerializer(), commands.valueSerde().serializer());
    }
}
