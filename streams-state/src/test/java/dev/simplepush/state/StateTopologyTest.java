package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.CloseConnection;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.NodeCommand.RegisterResult;
import dev.simplepush.schemas.NodeCommand.ReplyTo;
import dev.simplepush.schemas.NodeCommand.UnregisterResult;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.config.ConfigSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateTopologyTest {
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_UAID = "fedcba9876543210fedcba9876543210";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final int NODE = 1;
    private static final int OTHER_NODE = 2;
    private static final int GATEWAY = 5;
    /** When the gateway accepted every PUT here; a live delivery carries it on to the node. */
    private static final long ACCEPTED_AT = 1L;
    /** The driver's wall clock, which never moves here: when a live PUT is routed to its node. */
    private static final long ROUTED_AT = 1_700_000_000_000L;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Notification> notifications;
    private TestInputTopic<String, DeviceEvent> deviceEvents;
    private TestOutputTopic<String, NodeCommand> nodeCommands;
    private TestOutputTopic<String, GatewayReply> gatewayReplies;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startDriver() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of(
                "state.dir", stateDir.toString(), "hello.max.channels", "3", "state.max.channels.per.uaid", "2",
                // Every command on node-commands, in the order written; FastDeliveriesTopologyTest
                // covers the deliveries topic.
                "state.fast.deliveries", "false")));
        // The driver's topics have one partition; the real partitioners are tested on their own.
        driver = new TopologyTestDriver(StateTopology.build(TOPICS, config.rules(), config.housekeeping(),
                (topic, key, value, partitions) -> Optional.empty(),
                (topic, key, value, partitions) -> Optional.empty()), config.streamsProperties(),
                Instant.ofEpochMilli(ROUTED_AT));
        notifications = driver.createInputTopic(TOPICS.notifications().name(),
                TOPICS.notifications().keySerde().serializer(), TOPICS.notifications().valueSerde().serializer());
        deviceEvents = driver.createInputTopic(TOPICS.deviceEvents().name(),
                TOPICS.deviceEvents().keySerde().serializer(), TOPICS.deviceEvents().valueSerde().serializer());
        nodeCommands = driver.createOutputTopic(TOPICS.nodeCommands().name(),
                TOPICS.nodeCommands().keySerde().deserializer(), TOPICS.nodeCommands().valueSerde().deserializer());
        gatewayReplies = driver.createOutputTopic(TOPICS.gatewayReplies().name(),
                TOPICS.gatewayReplies().keySerde().deserializer(),
                TOPICS.gatewayReplies().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // --- hello -----------------------------------------------------------------------------------

    @Test
    void aNewUaidHelloIsAcceptedWithoutAFlushWhenNothingIsPending() {
        hello(UAID, NODE, "c1", 0, true);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED, false));
        assertThat(registrations().get(UAID)).isNotNull();
        assertThat(presence().get(UAID)).isEqualTo(new Presence(NODE, "c1"));
    }

    @Test
    void anUnknownUaidWithoutChannelsIsAdoptedAsSent() {
        hello(UAID, NODE, "c1", 0, false);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED));
    }

    @Test
    void aHelloFlushesPendingUpdatesAfterTheHelloResult() {
        connectWithChannels(UAID, NODE, "c1", CHID, OTHER_CHID);
        disconnect(UAID, NODE, "c1");
        put(UAID, CHID, 4, "four");
        put(UAID, OTHER_CHID, 9, null);
        gatewayReplies.readValuesToList();

        hello(UAID, NODE, "c2", 2, false);

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c2", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(NODE, "c2", UAID, List.of(Update.of(CHID, 4), Update.of(OTHER_CHID, 9)), null));
    }

    @Test
    void anUnknownUaidWithChannelsIsResetAndNothingIsKept() {
        hello(UAID, NODE, "c1", 2, false);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.RESET));
        assertThat(registrations().get(UAID)).isNull();
        assertThat(presence().get(UAID)).isNull();
    }

    @Test
    void aHelloWithMoreThanMaxChannelsResetsAndForgetsTheOldUaid() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        disconnect(UAID, NODE, "c1");
        put(UAID, CHID, 1, null);
        gatewayReplies.readValuesToList();

        hello(UAID, OTHER_NODE, "c2", 4, false);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(OTHER_NODE, "c2", UAID, HelloOutcome.RESET));
        assertThat(registrations().get(UAID)).isNull();
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEmpty();
        String request = put(UAID, CHID, 2, null);
        assertThat(gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(GATEWAY, request, PutOutcome.UNKNOWN_ENDPOINT));
    }

    @Test
    void aResetForTooManyChannelsClosesTheLiveConnectionOfTheOldUaid() {
        connectWithChannels(UAID, NODE, "c1", CHID);

        hello(UAID, OTHER_NODE, "c2", 4, false);

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new CloseConnection(NODE, "c1", UAID),
                new HelloResult(OTHER_NODE, "c2", UAID, HelloOutcome.RESET));
        assertThat(presence().get(UAID)).isNull();
    }

    @Test
    void aGeneratedUaidIsAdoptedWhateverItsChannelCount() {
        // Spec §3.3 rule 2 precedes rule 4; a reset here would make the node generate forever.
        hello(UAID, NODE, "c1", 4, true);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED));
    }

    @Test
    void aRepeatedHelloOnTheSameConnectionIsAcceptedAndFlushesAgain() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        put(UAID, CHID, 3, "x");
        nodeCommands.readValuesToList();

        hello(UAID, NODE, "c1", 4, false);

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(NODE, "c1", UAID, List.of(Update.of(CHID, 3)), null));
    }

    @Test
    void aHelloRecordsTheLastSeenTime() {
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1_000L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c2", 0, false, 2_000L));

        assertThat(registrations().get(UAID).lastSeenMillis()).isEqualTo(2_000L);
    }

    @Test
    void wellFormedWakeDataIsStoredReplacedByNewerAndKeptByAHelloWithout() {
        WakeData first = new WakeData("10.0.0.1", 8080, "214", "07", null);
        WakeData second = new WakeData("10.0.0.2", 2442, "310", "410", "x1");
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1_000L, first));
        assertThat(registrations().get(UAID).wake()).isEqualTo(first);

        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c2", 0, false, 2_000L));
        assertThat(registrations().get(UAID).wake()).isEqualTo(first);

        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c3", 0, false, 3_000L, second));
        assertThat(registrations().get(UAID).wake()).isEqualTo(second);
    }

    @Test
    void wakeDataSurvivesRegisterAndUnregister() {
        WakeData wake = new WakeData("10.0.0.1", 8080, "214", "07", null);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1_000L, wake));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Register(UAID, NODE, "c1", CHID, 1_100L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Unregister(UAID, NODE, "c1", CHID, 1_200L));

        assertThat(registrations().get(UAID).wake()).isEqualTo(wake);
    }

    // --- newest connection wins ------------------------------------------------------------------

    @Test
    void aNewerConnectionClosesTheOlderOneFirstAndUpdatesGoToTheNewestOnly() {
        connectWithChannels(UAID, NODE, "c1", CHID);

        hello(UAID, OTHER_NODE, "c2", 1, false);
        String request = put(UAID, CHID, 7, "d");

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new CloseConnection(NODE, "c1", UAID),
                new HelloResult(OTHER_NODE, "c2", UAID, HelloOutcome.ACCEPTED),
                new Deliver(OTHER_NODE, "c2", UAID, List.of(new Update(CHID, 7, "d")),
                        new ReplyTo(GATEWAY, request, ACCEPTED_AT, ROUTED_AT)));
    }

    @Test
    void aDisconnectOfAStaleConnectionDoesNotClearPresence() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        hello(UAID, OTHER_NODE, "c2", 1, false);
        nodeCommands.readValuesToList();

        disconnect(UAID, NODE, "c1");
        String request = put(UAID, CHID, 1, null);

        assertThat(presence().get(UAID)).isEqualTo(new Presence(OTHER_NODE, "c2"));
        assertThat(nodeCommands.readValuesToList()).containsExactly(new Deliver(OTHER_NODE, "c2", UAID,
                List.of(Update.of(CHID, 1)), new ReplyTo(GATEWAY, request, ACCEPTED_AT, ROUTED_AT)));
    }

    @Test
    void aDisconnectOfTheLiveConnectionMakesTheDeviceOffline() {
        connectWithChannels(UAID, NODE, "c1", CHID);

        disconnect(UAID, NODE, "c1");
        String request = put(UAID, CHID, 1, null);

        assertThat(gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(GATEWAY, request, PutOutcome.STORED));
    }

    // --- register / unregister -------------------------------------------------------------------

    @Test
    void registeringTwiceAnswers200EachTime() {
        hello(UAID, NODE, "c1", 0, true);
        register(UAID, NODE, "c1", CHID);
        register(UAID, NODE, "c1", CHID);

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED),
                new RegisterResult(NODE, "c1", UAID, CHID, 200),
                new RegisterResult(NODE, "c1", UAID, CHID, 200));
        assertThat(StoredRows.channelIds(driver, UAID)).containsExactly(CHID);
    }

    @Test
    void aNewChannelBeyondThePerUaidCapIsAnswered413ButKnownChannelsStill200() {
        String third = "0123456789abcdef0123456789abcdef";
        hello(UAID, NODE, "c1", 0, true);
        register(UAID, NODE, "c1", CHID);
        register(UAID, NODE, "c1", OTHER_CHID);
        nodeCommands.readValuesToList();

        register(UAID, NODE, "c1", third);
        register(UAID, NODE, "c1", CHID);

        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new RegisterResult(NODE, "c1", UAID, third, 413),
                new RegisterResult(NODE, "c1", UAID, CHID, 200));
        assertThat(StoredRows.channelIds(driver, UAID)).containsExactlyInAnyOrder(CHID, OTHER_CHID);
        assertThat(registrations().get(UAID).channelCount()).isEqualTo(2);
    }

    @Test
    void anUnregisterMakesRoomUnderThePerUaidCap() {
        String third = "0123456789abcdef0123456789abcdef";
        hello(UAID, NODE, "c1", 0, true);
        register(UAID, NODE, "c1", CHID);
        register(UAID, NODE, "c1", OTHER_CHID);
        deviceEvents.pipeInput(UAID, new DeviceEvent.Unregister(UAID, NODE, "c1", CHID, 1L));
        deviceEvents.pipeInput(UAID, new DeviceEvent.Unregister(UAID, NODE, "c1", CHID, 1L));
        nodeCommands.readValuesToList();

        register(UAID, NODE, "c1", third);

        assertThat(nodeCommands.readValuesToList()).containsExactly(new RegisterResult(NODE, "c1", UAID, third, 200));
        assertThat(StoredRows.channelIds(driver, UAID)).containsExactlyInAnyOrder(OTHER_CHID, third);
        assertThat(registrations().get(UAID).channelCount()).as("a repeated unregister counts once").isEqualTo(2);
    }

    @Test
    void aRegisterForAUaidThatWasResetAwayIsAnswered503() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        hello(UAID, OTHER_NODE, "c2", 4, false);
        nodeCommands.readValuesToList();

        register(UAID, NODE, "c1", OTHER_CHID);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new RegisterResult(NODE, "c1", UAID, OTHER_CHID, 503));
        assertThat(registrations().get(UAID)).isNull();
    }

    @Test
    void unregisterRemovesThePendingUpdateAndLaterNotificationsAreUnknown() {
        connectWithChannels(UAID, NODE, "c1", CHID, OTHER_CHID);
        disconnect(UAID, NODE, "c1");
        put(UAID, CHID, 1, null);
        put(UAID, OTHER_CHID, 2, null);
        gatewayReplies.readValuesToList();

        unregister(UAID, NODE, "c2", CHID);
        String request = put(UAID, CHID, 3, null);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new UnregisterResult(NODE, "c2", UAID, CHID, 200));
        assertThat(gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(GATEWAY, request, PutOutcome.UNKNOWN_ENDPOINT));
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(OTHER_CHID, 2L));
    }

    @Test
    void unregisteringAnUnknownChannelStillAnswers200() {
        hello(UAID, NODE, "c1", 0, true);
        nodeCommands.readValuesToList();

        unregister(UAID, NODE, "c1", CHID);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new UnregisterResult(NODE, "c1", UAID, CHID, 200));
    }

    // --- notifications ---------------------------------------------------------------------------

    @Test
    void aNotificationForAConnectedDeviceIsDeliveredWithDataAndReplyTo() {
        connectWithChannels(UAID, NODE, "c1", CHID);

        String request = put(UAID, CHID, 42, "hello");

        assertThat(nodeCommands.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(new Update(CHID, 42, "hello")), new ReplyTo(GATEWAY, request, ACCEPTED_AT, ROUTED_AT)));
        assertThat(gatewayReplies.isEmpty()).isTrue();
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(CHID, 42L));
    }

    @Test
    void aNotificationForAnOfflineDeviceIsStoredAndTheNextHelloFlushesItWithoutData() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        disconnect(UAID, NODE, "c1");

        String request = put(UAID, CHID, 42, "secret");
        assertThat(gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(GATEWAY, request, PutOutcome.STORED));
        assertThat(nodeCommands.isEmpty()).isTrue();

        hello(UAID, OTHER_NODE, "c2", 1, false);
        assertThat(nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(OTHER_NODE, "c2", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(OTHER_NODE, "c2", UAID, List.of(Update.of(CHID, 42)), null));
    }

    @Test
    void aNotificationForAnUnknownUaidOrChannelIsAnUnknownEndpoint() {
        connectWithChannels(UAID, NODE, "c1", CHID);

        String unknownUaid = put(OTHER_UAID, CHID, 1, null);
        String unknownChannel = put(UAID, OTHER_CHID, 1, null);

        assertThat(gatewayReplies.readValuesToList()).containsExactly(
                new GatewayReply(GATEWAY, unknownUaid, PutOutcome.UNKNOWN_ENDPOINT),
                new GatewayReply(GATEWAY, unknownChannel, PutOutcome.UNKNOWN_ENDPOINT));
        assertThat(nodeCommands.isEmpty()).isTrue();
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEmpty();
    }

    @Test
    void anEqualVersionIsDeliveredAgain() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        put(UAID, CHID, 5, null);
        nodeCommands.readValuesToList();

        String request = put(UAID, CHID, 5, null);

        assertThat(nodeCommands.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(Update.of(CHID, 5)), new ReplyTo(GATEWAY, request, ACCEPTED_AT, ROUTED_AT)));
    }

    @Test
    void aLowerVersionWhileAHigherIsPendingKeepsTheHigherAndSendsNothingToTheDevice() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        put(UAID, CHID, 10, null);
        nodeCommands.readValuesToList();

        String request = put(UAID, CHID, 9, "older");

        // Nothing to write: the node is only asked for the status, since it alone knows whether the
        // socket is still open.
        assertThat(gatewayReplies.isEmpty()).isTrue();
        assertThat(nodeCommands.readValuesToList()).singleElement().satisfies(command -> {
            NodeCommand.Deliver check = (NodeCommand.Deliver) command;
            assertThat(check.updates()).isEmpty();
            assertThat(check.connectionId()).isEqualTo("c1");
            assertThat(check.replyTo().requestId()).isEqualTo(request);
        });
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(CHID, 10L));
    }

    @Test
    void aLowerVersionForAnOfflineDeviceIsAnsweredStoredAndKeepsTheHigher() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        disconnect(UAID, NODE, "c1");
        put(UAID, CHID, 10, null);
        gatewayReplies.readValuesToList();

        String request = put(UAID, CHID, 9, null);

        assertThat(gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(GATEWAY, request, PutOutcome.STORED));
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(CHID, 10L));
    }

    @Test
    void afterAnAckALowerVersionIsStoredAndDelivered() {
        connectWithChannels(UAID, NODE, "c1", CHID);
        put(UAID, CHID, 10, null);
        ack(UAID, NODE, "c1", Update.of(CHID, 10));
        nodeCommands.readValuesToList();

        String request = put(UAID, CHID, 3, null);

        assertThat(nodeCommands.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(Update.of(CHID, 3)), new ReplyTo(GATEWAY, request, ACCEPTED_AT, ROUTED_AT)));
        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(CHID, 3L));
    }

    // --- ack -------------------------------------------------------------------------------------

    @Test
    void anAckAtOrAboveThePendingVersionClearsItWithoutAnyAnswer() {
        connectWithChannels(UAID, NODE, "c1", CHID, OTHER_CHID);
        put(UAID, CHID, 5, null);
        put(UAID, OTHER_CHID, 6, null);
        nodeCommands.readValuesToList();

        ack(UAID, NODE, "c1", Update.of(CHID, 5), Update.of(OTHER_CHID, 7));

        assertThat(StoredRows.pendingVersions(driver, UAID)).isEmpty();
        assertThat(nodeCommands.isEmpty()).isTrue();
        assertThat(gatewayReplies.isEmpty()).isTrue();
    }

    @Test
    void anAckOfALowerVersionLeavesThePendingUpdateAndResendsNothing() {
        connectWithChannels(UAID, NODE, "c1", CHID, OTHER_CHID);
        put(UAID, CHID, 5, null);
        put(UAID, OTHER_CHID, 6, null);
        nodeCommands.readValuesToList();

        ack(UAID, NODE, "c1", Update.of(CHID, 4));

        assertThat(StoredRows.pendingVersions(driver, UAID)).isEqualTo(Map.of(CHID, 5L, OTHER_CHID, 6L));
        assertThat(nodeCommands.isEmpty()).isTrue();
    }

    // --- bad input -------------------------------------------------------------------------------

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneIsProcessed() {
        driver.createInputTopic(TOPICS.deviceEvents().name(), new StringSerializer(), new StringSerializer())
                .pipeInput(UAID, "{not json");

        hello(UAID, NODE, "c1", 0, true);

        assertThat(nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED));
    }

    @Test
    void anEventKeyedByAnotherUaidIsSkipped() {
        deviceEvents.pipeInput(OTHER_UAID, new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, 1L));

        assertThat(nodeCommands.isEmpty()).isTrue();
        assertThat(registrations().get(UAID)).isNull();
        assertThat(registrations().get(OTHER_UAID)).isNull();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A device that said hello on (node, conn) and registered the channels; outputs drained. */
    private void connectWithChannels(String uaid, int node, String conn, String... channelIds) {
        hello(uaid, node, conn, 0, true);
        for (String channelId : channelIds) {
            register(uaid, node, conn, channelId);
        }
        nodeCommands.readValuesToList();
        gatewayReplies.readValuesToList();
    }

    private void hello(String uaid, int node, String conn, int channelCount, boolean generated) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Hello(uaid, node, conn, channelCount, generated, 1L));
    }

    private void register(String uaid, int node, String conn, String channelId) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Register(uaid, node, conn, channelId, 1L));
    }

    private void unregister(String uaid, int node, String conn, String channelId) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Unregister(uaid, node, conn, channelId, 1L));
    }

    private void ack(String uaid, int node, String conn, Update... updates) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Ack(uaid, node, conn, List.of(updates), 1L));
    }

    private void disconnect(String uaid, int node, String conn) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Disconnect(uaid, node, conn, 1L));
    }

    /** A PUT accepted by the gateway; returns its request id. */
    private String put(String uaid, String channelId, long version, String data) {
        String requestId = "r" + requests.incrementAndGet();
        notifications.pipeInput(uaid, new Notification(requestId, GATEWAY, uaid, channelId, version, data, ACCEPTED_AT));
        return requestId;
    }

    private KeyValueStore<String, Registration> registrations() {
        return driver.getKeyValueStore(StateStores.REGISTRATIONS);
    }

    private KeyValueStore<String, Presence> presence() {
        return driver.getKeyValueStore(StateStores.PRESENCE);
    }
}
