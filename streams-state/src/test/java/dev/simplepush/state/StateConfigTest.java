package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.state.poison.SetAsideDeserializationHandler;
import dev.simplepush.state.poison.SetAsideHandlers;
import dev.simplepush.state.poison.SetAsideProcessingHandler;
import dev.simplepush.state.poison.SetAsideProductionHandler;
import dev.simplepush.state.poison.WriteLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StateConfigTest {

    @Test
    void defaultsAreLowLatencyAtLeastOnce() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of()));

        assertThat(config.applicationId()).isEqualTo("simplepush-state");
        assertThat(config.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "simplepush-state"));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(30));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.housekeeping()).isEqualTo(new Housekeeping("node-heartbeats", Duration.ofSeconds(6),
                Duration.ofSeconds(1), Duration.ofDays(3), Duration.ofDays(60), Duration.ofMinutes(1), 1_000));
        assertThat(config.numStandbyReplicas()).isZero();
        assertThat(config.numStreamThreads()).isEqualTo(1);
        assertThat(config.rules().maxChannels()).isEqualTo(200);
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.topics().notifications().name()).isEqualTo("notifications");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void streamsPropertiesCarryTheLatencyDurabilityAndErrorSettings() {
        Properties props = StateConfig.from(ConfigSource.of(Map.of(
                "topics.replication.factor", "1",
                "kafka.bootstrap.servers", "broker:9092"))).streamsProperties();

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "simplepush-state")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "30")
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, "10")
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1")
                .containsEntry("topic.min.insync.replicas", "1")
                .containsEntry("producer.linger.ms", "1")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1")
                .containsEntry("producer.acks", "all")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        SetAsideDeserializationHandler.class.getName())
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        SetAsideProcessingHandler.class.getName())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        SetAsideProductionHandler.class.getName())
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead-letters")
                .containsEntry(SetAsideHandlers.INPUT_TOPICS_CONFIG, "notifications,device-events")
                .containsEntry(SetAsideHandlers.AUDIT_TOPIC_CONFIG, "audit");
    }

    @Test
    void theWriteLimitDefaultsBelowKafkasMessageSizeAndRefusesATinyOne() {
        assertThat(StateConfig.from(ConfigSource.of(Map.of())).writeLimit().maxBytes()).isEqualTo(1_000_000);
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.max.record.bytes", "65536"))).writeLimit())
                .isEqualTo(new WriteLimit(65_536));
        assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of("state.max.record.bytes", "100"))))
                .hasMessageContaining("state.max.record.bytes");
    }

    @Test
    void theWebPushLimitsDefaultToTheSpecsAndAreRead() {
        WebPushRules defaults = StateConfig.from(ConfigSource.of(Map.of())).webPush();
        assertThat(defaults).extracting(WebPushRules::maxUnacked, WebPushRules::maxPendingPerChannel,
                WebPushRules::maxPendingBytesPerUaid).containsExactly(100, 100, 1_048_576);

        WebPushRules set = StateConfig.from(ConfigSource.of(Map.of("webpush.max.unacked", "10",
                "webpush.max.pending.per.channel", "20", "webpush.max.pending.bytes.per.uaid", "30000"))).webPush();
        assertThat(set).extracting(WebPushRules::maxUnacked, WebPushRules::maxPendingPerChannel,
                WebPushRules::maxPendingBytesPerUaid).containsExactly(10, 20, 30_000);
    }

    @Test
    void aBadWebPushLimitStopsTheStartNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of("webpush.max.unacked", "0",
                "webpush.max.pending.per.channel", "many", "webpush.max.pending.bytes.per.uaid", "-1",
                "token.keys", "not base64!").entrySet()) {
            assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of(bad.getKey(), bad.getValue()))))
                    .as(bad.getKey()).isInstanceOf(IllegalConfigurationException.class)
                    .hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void messageIdsAreSealedUnderTheSharedTokenKeys() {
        String key = dev.simplepush.schemas.token.EndpointTokens.generateKey();
        var ids = new dev.simplepush.schemas.token.MessageIds(
                dev.simplepush.schemas.token.EndpointTokens.fromBase64(java.util.List.of(key)));
        var ref = dev.simplepush.schemas.token.MessageRef.version("0123456789abcdef0123456789abcdef",
                "11111111-2222-4333-8444-555555555555", 7);

        String sealed = StateConfig.from(ConfigSource.of(Map.of("token.keys", key))).webPush().messageIds().encode(ref);

        assertThat(ids.decode(sealed)).contains(ref);
    }

    @Test
    void theWriteLimitIsLoweredToFitATopicWithASmallerMaxMessageBytes() {
        assertThat(new WriteLimit(1_000_000).fitting(1_048_588).maxBytes()).isEqualTo(1_000_000);
        assertThat(new WriteLimit(1_000_000).fitting(65_536).maxBytes())
                .isEqualTo(65_536 - WriteLimit.RECORD_OVERHEAD_BYTES);
    }

    @Test
    void theProducerLingersForTheCommitIntervalOnlyUnderExactlyOnceWithoutFastDeliveries() {
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.commit.interval", "25ms",
                "state.fast.deliveries", "false"))).streamsProperties())
                .containsEntry("producer.linger.ms", "25");
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.commit.interval", "25ms",
                "state.fast.deliveries", "false", "state.processing.guarantee", "at_least_once"))).streamsProperties())
                .containsEntry("producer.linger.ms", "1");
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.commit.interval", "30s",
                "state.fast.deliveries", "false", "state.transaction.timeout", "60s"))).streamsProperties())
                .containsEntry("producer.linger.ms", "100");
    }

    @Test
    void withFastDeliveriesTheProducerSendsLiveDeliveriesWithinAMillisecond() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of("state.commit.interval", "100ms")));

        assertThat(config.rules().fastDeliveries()).isTrue();
        assertThat(config.streamsProperties()).containsEntry("producer.linger.ms", "1");
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.fast.deliveries", "false"))).rules().fastDeliveries())
                .isFalse();
    }

    @Test
    void membershipIsDynamicUnlessAnInstanceIdIsGiven() {
        String key = StreamsConfig.mainConsumerPrefix("group.instance.id");

        assertThat(StateConfig.from(ConfigSource.of(Map.of())).streamsProperties()).doesNotContainKey(key);
        assertThat(StateConfig.from(ConfigSource.of(Map.of("state.group.instance.id", "state-a")))
                .streamsProperties()).containsEntry(key, "state-a");
    }

    @Test
    void aTopicPrefixAlsoPrefixesTheApplicationId() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of("topics.prefix", "t1-")));

        assertThat(config.applicationId()).isEqualTo("t1-simplepush-state");
        assertThat(config.topics().deviceEvents().name()).isEqualTo("t1-device-events");
    }

    @Test
    void explicitValuesAreRead() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of(
                "state.application.id", "other",
                "state.dir", "/var/lib/simplepush",
                "state.commit.interval", "1s",
                "state.processing.guarantee", "exactly_once_v2",
                "state.num.standby.replicas", "1",
                "state.num.stream.threads", "4",
                "hello.max.channels", "50")));

        assertThat(config.applicationId()).isEqualTo("other");
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/simplepush"));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.numStandbyReplicas()).isEqualTo(1);
        assertThat(config.numStreamThreads()).isEqualTo(4);
        assertThat(config.rules().maxChannels()).isEqualTo(50);
    }

    @Test
    void anUnknownProcessingGuaranteeNamesTheKey() {
        assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of("state.processing.guarantee", "exactly_once"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.processing.guarantee")
                .hasMessageContaining("SIMPLEPUSH_STATE_PROCESSING_GUARANTEE");
    }

    @Test
    void aNonNumericMaxChannelsNamesTheKey() {
        assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of("hello.max.channels", "lots"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("hello.max.channels");
    }

    @Test
    void aZeroCommitIntervalNamesTheKey() {
        assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of("state.commit.interval", "0ms"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.commit.interval");
    }

    @Test
    void exactlyOnceGivesTheProducerAShortTransactionTimeout() {
        Properties props = StateConfig.from(ConfigSource.of(Map.of("state.transaction.timeout", "7s")))
                .streamsProperties();

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))).isEqualTo("7000");
    }

    @Test
    void aTransactionTimeoutNotAboveTheCommitIntervalIsRejected() {
        assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of(
                "state.commit.interval", "1s", "state.transaction.timeout", "1s"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.transaction.timeout");
    }

    @Test
    void housekeepingDurationsMustBePositive() {
        for (String key : new String[] {"state.node.dead.after", "state.node.check.interval", "state.pending.ttl",
                "state.uaid.ttl", "state.expiry.interval"}) {
            assertThatThrownBy(() -> StateConfig.from(ConfigSource.of(Map.of(key, "0ms"))))
                    .isInstanceOf(IllegalConfigurationException.class)
                    .hasMessageContaining(key);
        }
    }

    @Test
    void theProducerRetriesQuicklyAndAnOperatorCanStillChangeIt() {
        assertThat(StateConfig.from(ConfigSource.of(Map.of())).streamsProperties())
                .containsEntry("producer.retry.backoff.ms", "20")
                .containsEntry("producer.retry.backoff.max.ms", "250");
        assertThat(StateConfig.from(ConfigSource.of(Map.of("kafka.client.producer.retry.backoff.max.ms", "1000")))
                .streamsProperties()).containsEntry("producer.retry.backoff.max.ms", "1000");
    }
}
