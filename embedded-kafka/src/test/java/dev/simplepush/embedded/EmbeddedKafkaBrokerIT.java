package dev.simplepush.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.simplepush.embedded.EmbeddedKafkaBroker.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerIT {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void itStartsOnAFreePortAndARecordProducedThereCanBeConsumed() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0))) {
            LOG.info("broker started in {} ms", kafka.startupTime().toMillis());
            assertThat(kafka.brokerPort()).isPositive().isNotEqualTo(kafka.controllerPort());
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort());
            assertThat(kafka.clusterId()).isNotBlank();

            createTopic(kafka, "greetings");
            produce(kafka, "greetings", "k", "hello");

            assertThat(consumeAll(kafka, "greetings", 1)).containsExactly("hello");
        }
    }

    @Test
    void aRestartOnTheSameDataDirectoryAndPortKeepsTopicsAndRecords() throws Exception {
        String clusterId;
        int port;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0))) {
            clusterId = kafka.clusterId();
            port = kafka.brokerPort();
            createTopic(kafka, "durable");
            produce(kafka, "durable", "k", "before restart");
        }

        // Dev mode restarts on its fixed port at once: the closed listener must not block it.
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(port))) {
            LOG.info("broker restarted in {} ms", kafka.startupTime().toMillis());
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("durable");
            }
            assertThat(consumeAll(kafka, "durable", 1)).containsExactly("before restart");
        }
    }

    @Test
    void aSecondBrokerOnTheSamePortFailsWithAClearMessage(@TempDir Path otherDir) {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0))) {
            Settings samePort = Settings.of(otherDir).withBrokerPort(kafka.brokerPort());

            BrokerStartException failure = catchThrowableOfType(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.start(samePort));

            LOG.info("second broker on the same port: {}", failure.getMessage());
            assertThat(failure).hasMessageContaining("broker port " + kafka.brokerPort())
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void aSecondBrokerOnTheSameDataDirectoryFailsWithAClearMessageAndLeavesTheFirstServing() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0))) {
            BrokerStartException failure = catchThrowableOfType(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0)));

            LOG.info("second broker on the same directory: {}", failure.getMessage());
            assertThat(failure).hasMessageContaining(dataDir.toString()).hasMessageContaining("lock");

            createTopic(kafka, "still-serving");
            produce(kafka, "still-serving", "k", "yes");
            assertThat(consumeAll(kafka, "still-serving", 1)).containsExactly("yes");
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dataDir).withBrokerPort(0));
        kafka.close();
        kafka.close();
    }

    private static Admin admin(EmbeddedKafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(EmbeddedKafkaBroker kafka, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads partition 0 from the beginning until {@code expected} values arrived or the wait ran out. */
    private static List<String> consumeAll(EmbeddedKafkaBroker kafka, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
