package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.Failure;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.state.poison.SetAsideCounter;
import dev.simplepush.state.poison.WriteLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records on the real topology: a record that cannot be read, processed or written is set
 * aside (dead letter, audit record, counter) and the records after it are processed as usual.
 */
class SetAsideTopologyTest {
    private static final WriteLimit LIMIT = new WriteLimit(8_192);
    /**
     * Below the largest registration (wake data of spec §11.2's shapes, its netid all escaped
     * characters: about 560 bytes as JSON) and above every value a device without wake data makes.
     */
    private static final WriteLimit SMALL_LIMIT = new WriteLimit(500);
    private static final String POISON = "0000000000000000000000000000dead";
    private static final String GOOD = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";

    @TempDir
    Path stateDir;

    private final SetAsideCounter counter = new SetAsideCounter(new SimpleMeterRegistry());
    private TopologyTestDriver driver;
    private TestInputTopic<String, DeviceEvent> deviceEvents;
    private TestInputTopic<String, Notification> notifications;
    private TestInputTopic<String, byte[]> rawDeviceEvents;
    private TestOutputTopic<String, NodeCommand> nodeCommands;
    private TestOutputTopic<String, GatewayReply> gatewayReplies;
    private TestOutputTopic<String, AuditEvent> audit;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        start(LIMIT);
    }

    private void start(WriteLimit limit) {
        if (driver != null) {
            driver.close();
        }
        Topics topics = Topics.DEFAULT;
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of("state.dir", stateDir.toString(),
                "state.fast.deliveries", "false")));
        driver = new TopologyTestDriver(StateTopology.build(topics, config.rules(), config.housekeeping(),
                AuditSettings.ON, WakePolicy.OFF, limit,
                (topic, key, value, partitions) -> Optional.empty(),
                (topic, key, value, partitions) -> Optional.empty()),
                config.streamsProperties(limit, counter), Instant.ofEpochMilli(StateDriver.T0));
        deviceEvents = driver.createInputTopic(topics.deviceEvents().name(), new StringSerializer(),
                topics.deviceEvents().valueSerde().serializer());
        rawDeviceEvents = driver.createInputTopic(topics.deviceEvents().name(), new StringSerializer(),
                new ByteArraySerializer());
        notifications = driver.createInputTopic(topics.notifications().name(), new StringSerializer(),
                topics.notifications().valueSerde().serializer());
        nodeCommands = driver.createOutputTopic(topics.nodeCommands().name(), new StringDeserializer(),
                topics.nodeCommands().valueSerde().deserializer());
        gatewayReplies = driver.createOutputTopic(topics.gatewayReplies().name(), new StringDeserializer(),
                topics.gatewayReplies().valueSerde().deserializer());
        audit = driver.createOutputTopic(topics.audit().name(), new StringDeserializer(),
                topics.audit().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aHelloWhoseStateWouldPassTheWriteLimitIsSetAsideAndTheNextDeviceIsAnswered() {
        // Device state is bounded by construction far below the default limit, so only a limit
        // lowered to fit a small topic can be passed: by the largest wake data there is.
        start(SMALL_LIMIT);
        WakeData largest = new WakeData("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 65535, "999", "999",
                "\u0001".repeat(WakeData.MAX_NETID_LENGTH));
        deviceEvents.pipeInput(POISON, new DeviceEvent.Hello(POISON, 0, "poison-conn", 0, true, StateDriver.T0,
                largest));
        deviceEvents.pipeInput(GOOD, hello(GOOD, "good-conn"));

        assertThat(nodeCommands.readValuesToList()).singleElement()
                .isInstanceOfSatisfying(NodeCommand.HelloResult.class, result -> {
                    assertThat(result.uaid()).isEqualTo(GOOD);
                    assertThat(result.outcome()).isEqualTo(NodeCommand.HelloOutcome.ACCEPTED);
                });
        TestRecord<String, byte[]> letter = deadLetters.readRecord();
        assertThat(letter.key()).isEqualTo(POISON);
        assertThat(header(letter, "simplepush.set.aside.failure")).isEqualTo("PROCESSING");
        assertThat(header(letter, "__streams.errors.topic")).isEqualTo("device-events");
        assertThat(header(letter, "__streams.errors.offset")).isEqualTo("0");
        assertThat(header(letter, "__streams.errors.exception")).endsWith("OversizedWriteException");
        // Its value is larger than a dead letter keeps: the offset above finds it.
        assertThat(letter.value()).isNull();
        assertThat(header(letter, "simplepush.set.aside.value.left.out")).isNotNull();
        assertThat(setAside()).singleElement().satisfies(event -> {
            assertThat(event.uaid()).isEqualTo(POISON);
            assertThat(event.failure()).isEqualTo(Failure.PROCESSING);
            assertThat(event.topic()).isEqualTo("device-events");
            assertThat(event.offset()).isZero();
            assertThat(event.error()).contains("store registrations", "over the write limit");
        });
        assertThat(counter.count(Failure.PROCESSING)).isEqualTo(1);
    }

    @Test
    void anEventNoNodeOfOursWritesIsSetAsideAndTheNextDeviceIsAnswered() {
        deviceEvents.pipeInput(POISON, new DeviceEvent.Hello(POISON, 0,
                "c".repeat(DeviceStateProcessor.MAX_CONNECTION_ID_LENGTH + 1), 0, true, StateDriver.T0));
        deviceEvents.pipeInput(GOOD, hello(GOOD, "good-conn"));

        assertThat(nodeCommands.readValuesToList()).singleElement()
                .isInstanceOfSatisfying(NodeCommand.HelloResult.class, result -> assertThat(result.uaid())
                        .isEqualTo(GOOD));
        assertThat(setAside()).singleElement().satisfies(event -> {
            assertThat(event.uaid()).isEqualTo(POISON);
            assertThat(event.failure()).isEqualTo(Failure.PROCESSING);
            assertThat(event.error()).contains("connection id");
        });
        assertThat(deadLetters.readRecord().key()).isEqualTo(POISON);
        assertThat(counter.count(Failure.PROCESSING)).isEqualTo(1);
    }

    @Test
    void aPutWhoseDeliveryWouldPassTheWriteLimitStaysPendingAndOnlyThatOutputIsSetAside() {
        connect(POISON, "poison-conn");
        connect(GOOD, "good-conn");

        notifications.pipeInput(POISON, new Notification("r1", 0, POISON, CHID, 1, "d".repeat(LIMIT.maxBytes()),
                StateDriver.T0));
        notifications.pipeInput(GOOD, new Notification("r2", 0, GOOD, CHID, 1, "small", StateDriver.T0));

        assertThat(nodeCommands.readValuesToList()).singleElement()
                .isInstanceOfSatisfying(NodeCommand.Deliver.class, deliver -> assertThat(deliver.uaid())
                        .isEqualTo(GOOD));
        assertThat(setAside()).singleElement().satisfies(event -> {
            assertThat(event.uaid()).isEqualTo(POISON);
            assertThat(event.failure()).isEqualTo(Failure.UNWRITABLE);
            assertThat(event.topic()).isEqualTo("notifications");
            assertThat(event.error()).contains("node-commands");
        });
        assertThat(deadLetters.readRecord().key()).isEqualTo(POISON);
        assertThat(counter.count(Failure.UNWRITABLE)).isEqualTo(1);
        // The update itself was kept: the device's next hello flushes it.
        deviceEvents.pipeInput(POISON, hello(POISON, "poison-conn-2"));
        assertThat(nodeCommands.readValuesToList()).anySatisfy(command -> assertThat(command)
                .isInstanceOfSatisfying(NodeCommand.Deliver.class, deliver -> assertThat(deliver.updates())
                        .singleElement().satisfies(update -> assertThat(update.version()).isEqualTo(1))));
    }

    @Test
    void anUnreadableRecordIsCountedAndSkippedAndTheNextOneIsProcessed() {
        rawDeviceEvents.pipeInput(POISON, "{not json".getBytes(StandardCharsets.UTF_8));
        deviceEvents.pipeInput(GOOD, hello(GOOD, "good-conn"));

        assertThat(nodeCommands.readValuesToList()).singleElement()
                .isInstanceOf(NodeCommand.HelloResult.class);
        assertThat(counter.count(Failure.UNREADABLE)).isEqualTo(1);
        // The driver does not capture what the deserialization handler writes (its dead letter
        // and audit record); SetAsideIT reads them from a real broker.
    }

    private void connect(String uaid, String conn) {
        deviceEvents.pipeInput(uaid, hello(uaid, conn));
        deviceEvents.pipeInput(uaid, new DeviceEvent.Register(uaid, 0, conn, CHID, StateDriver.T0));
        nodeCommands.readValuesToList();
        gatewayReplies.readValuesToList();
        audit.readValuesToList();
    }

    private static DeviceEvent.Hello hello(String uaid, String conn) {
        return new DeviceEvent.Hello(uaid, 0, conn, 0, true, StateDriver.T0);
    }

    private List<AuditEvent.SetAside> setAside() {
        return audit.readValuesToList().stream().filter(AuditEvent.SetAside.class::isInstance)
                .map(AuditEvent.SetAside.class::cast).toList();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
