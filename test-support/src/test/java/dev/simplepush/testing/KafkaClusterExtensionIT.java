package dev.simplepush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithKafkaCluster
class KafkaClusterExtensionIT {
    private static KafkaCluster fromBeforeAll;

    @BeforeAll
    static void rememberTheCluster(KafkaCluster kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void aRecordProducedToTheClusterCanBeConsumedByAGroup(KafkaCluster kafka) throws Exception {
        String topic = kafka.topic("greetings");
        try (Admin admin = kafka.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> producerProps = kafka.clientProperties();
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "uaid", "hello")).get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerProps = kafka.clientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topicPrefix() + "group");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).containsExactly("hello");
    }

    @Test
    void everyTestOfTheClassGetsTheSameClusterAndPrefix(KafkaCluster kafka) {
        assertThat(kafka).isEqualTo(fromBeforeAll);
        assertThat(kafka.topicPrefix()).matches("kafkaclusterextensionit-[0-9a-f]{8}-");
    }

    @Test
    void withoutAnExternalClusterTheBrokerIsEmbedded(KafkaCluster kafka) {
        boolean external = System.getenv(KafkaClusterExtension.BOOTSTRAP_SERVERS_ENV) != null;

        assertThat(kafka.embedded()).isEqualTo(!external);
    }

    @Nested
    class NestedTests {
        @Test
        void aNestedClassSharesItsOuterClassCluster(KafkaCluster kafka) {
            assertThat(kafka).isEqualTo(fromBeforeAll);
        }
    }
}
