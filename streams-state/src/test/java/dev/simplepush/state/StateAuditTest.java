package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.HelloReason;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit records streams-state writes beside its answers, with the driver's wall clock as their time. */
class StateAuditTest {
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final int NODE = 1;
    private static final int GATEWAY = 5;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T0 = START.toEpochMilli();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Notification> notifications;
    private TestInputTopic<String, DeviceEvent> deviceEvents;
    private TestOutputTopic<String, AuditEvent> audit;

    private void start(AuditSettings settings) {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of("state.dir", stateDir.toString(),
                "hello.max.channels", "3")));
        driver = new TopologyTestDriver(StateTopology.build(TOPICS, config.rules(), settings,
                (topic, key, value, partitions) -> Optional.empty(),
                (topic, key, value, partitions) -> Optional.empty()), config.streamsProperties(), START);
        notifications = driver.createInputTopic(TOPICS.notifications().name(),
                TOPICS.notifications().keySerde().serializer(), TOPICS.notifications().valueSerde().serializer());
        deviceEvents = driver.createInputTopic(TOPICS.deviceEvents().name(),
                TOPICS.deviceEvents().keySerde().serializer(), TOPICS.deviceEvents().valueSerde().serializer());
        audit = driver.createOutputTopic(TOPICS.audit().name(),
                TOPICS.audit().keySerde().deserializer(), TOPICS.audit().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aDevicesLifeIsWrittenToTheAuditTopicKeyedByUaidAndStampedWithTheDecisionTime() {
        start(AuditSettings.ON);

        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 5L));
        advance(10);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 6L));
        advance(10);
        notifications.pipeInput(UAID, new Notification("r1", GATEWAY, UAID, CHID, 4, null, T0 + 19));
        advance(10);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Ack(UAID, NODE, "c1", List.of(Update.of(CHID, 4)), T0 + 25));

        List<TestRecord<String, AuditEvent>> records = audit.readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsOnly(UAID);
        assertThat(records).extracting(TestRecord::value).containsExactly(
                new AuditEvent.Hello(UAID, NODE, "c1", HelloOutcome.ACCEPTED, HelloReason.ADOPTED, 0, 0, T0),
                new AuditEvent.Registered(UAID, CHID, NODE, "c1", 200, T0 + 10),
                new AuditEvent.Acked(UAID, CHID, 4, NODE, "c1", T0 + 25));
        assertThat(records).allSatisfy(record ->
                assertThat(record.timestamp()).isEqualTo(record.value().time()));
    }

    @Test
    void aPutRoutedToANodeCarriesItsRoutingTimeForTheNodeToAuditWithItsDelivery() {
        start(AuditSettings.ON);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 5L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 6L));
        advance(10);

        notifications.pipeInput(UAID, new Notification("r1", GATEWAY, UAID, CHID, 4, null, T0 + 9));

        NodeCommand.Deliver deliver = (NodeCommand.Deliver) deliveries().readValue();
        assertThat(deliver.replyTo().routedAtMillis()).isEqualTo(T0 + 10);
        assertThat(audit.readValuesToList()).noneMatch(AuditEvent.Routed.class::isInstance);
    }

    @Test
    void withAuditOffALiveDeliveryCarriesNoRoutingTime() {
        start(AuditSettings.OFF);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 5L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 6L));

        notifications.pipeInput(UAID, new Notification("r1", GATEWAY, UAID, CHID, 4, null, T0));

        NodeCommand.Deliver deliver = (NodeCommand.Deliver) deliveries().readValue();
        assertThat(deliver.replyTo().requestId()).isEqualTo("r1");
        assertThat(deliver.replyTo().routedAtMillis()).isNull();
    }

    private TestOutputTopic<String, NodeCommand> deliveries() {
        return driver.createOutputTopic(TOPICS.deliveries().name(), TOPICS.deliveries().keySerde().deserializer(),
                TOPICS.deliveries().valueSerde().deserializer());
    }

    @Test
    void eachRouteOfAPutIsRecorded() {
        start(AuditSettings.ON);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Disconnect(UAID, NODE, "c1", 1L));
        audit.readRecordsToList();

        notifications.pipeInput(UAID, new Notification("r1", GATEWAY, UAID, CHID, 9, null, T0));
        notifications.pipeInput(UAID, new Notification("r2", GATEWAY, UAID, CHID, 8, null, T0));
        notifications.pipeInput(UAID, new Notification("r3", GATEWAY, UAID, OTHER_CHID, 1, null, T0));

        assertThat(audit.readValuesToList()).containsExactly(
                new AuditEvent.Routed(UAID, CHID, 9, Route.STORED, null, null, "r1", T0),
                new AuditEvent.Routed(UAID, CHID, 8, Route.SUPERSEDED, null, null, "r2", T0),
                new AuditEvent.Routed(UAID, OTHER_CHID, 1, Route.UNKNOWN, null, null, "r3", T0));
    }

    @Test
    void helloDecisionsCarryTheirReasonAndThePendingCount() {
        start(AuditSettings.ON);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Disconnect(UAID, NODE, "c1", 1L));
        notifications.pipeInput(UAID, new Notification("r1", GATEWAY, UAID, CHID, 9, null, T0));
        audit.readRecordsToList();
        String unknown = "fedcba9876543210fedcba9876543210";

        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c2", 1, false, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c2", 1, false, 1L));
        deviceEvents.pipeInput(unknown, new DeviceEvent.Hello(unknown, NODE, "c3", 2, false, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c4", 4, false, 1L));

        assertThat(audit.readValuesToList()).containsExactly(
                new AuditEvent.Hello(UAID, NODE, "c2", HelloOutcome.ACCEPTED, HelloReason.KNOWN, 1, 1, T0),
                new AuditEvent.Hello(UAID, NODE, "c2", HelloOutcome.ACCEPTED, HelloReason.REPEATED, 1, 1, T0),
                new AuditEvent.Hello(unknown, NODE, "c3", HelloOutcome.RESET, HelloReason.UNKNOWN_WITH_CHANNELS, 2, 0,
                        T0),
                new AuditEvent.Hello(UAID, NODE, "c4", HelloOutcome.RESET, HelloReason.TOO_MANY_CHANNELS, 4, 0, T0));
    }

    @Test
    void anUnregisterAndARefusedRegisterAreRecordedWithTheirStatus() {
        start(AuditSettings.ON);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Unregister(UAID, NODE, "c1", CHID, 1L));
        String gone = "fedcba9876543210fedcba9876543210";
        deviceEvents.pipeInput(gone, new DeviceEvent.Register(gone, NODE, "c9", CHID, 1L));

        assertThat(audit.readValuesToList()).containsExactly(
                new AuditEvent.Hello(UAID, NODE, "c1", HelloOutcome.ACCEPTED, HelloReason.ADOPTED, 0, 0, T0),
                new AuditEvent.Registered(UAID, CHID, NODE, "c1", 200, T0),
                new AuditEvent.Unregistered(UAID, CHID, NODE, "c1", 200, T0),
                new AuditEvent.Registered(gone, CHID, NODE, "c9", 503, T0));
    }

    @Test
    void withAuditOffTheTopologyHasNoAuditSink() {
        start(AuditSettings.OFF);

        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1L));

        assertThat(StateTopology.build(TOPICS, StateRules.DEFAULT, AuditSettings.OFF).describe().toString())
                .doesNotContain(TOPICS.audit().name());
        assertThat(StateTopology.build(TOPICS, StateRules.DEFAULT).describe().toString())
                .contains(TOPICS.audit().name());
    }

    @Test
    void anExpiryIsRecordedByItsHelper() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        DeviceStateProcessor processor = new DeviceStateProcessor(StateRules.DEFAULT,
                Housekeeping.defaults(dev.simplepush.schemas.NodeHeartbeats.NAME), true);
        processor.init(context);
        context.setCurrentSystemTimeMs(T0 + 7);

        processor.auditExpired(new Expired(UAID, CHID, 3, Expired.Reason.PENDING_TTL, T0 + 7));

        assertThat(context.forwarded()).singleElement().satisfies(forward -> {
            assertThat(forward.childName()).contains(StateTopology.AUDIT_SINK);
            assertThat(forward.record().value()).isEqualTo(new AuditEvent.Expired(UAID, CHID, 3, "pending_ttl", T0 + 7));
            assertThat(forward.record().timestamp()).isEqualTo(T0 + 7);
        });
    }

    private void advance(long millis) {
        driver.advanceWallClockTime(Duration.ofMillis(millis));
    }
}
