package dev.simplepush.state;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeHeartbeat;
import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The topology on a TopologyTestDriver whose wall clock starts at {@link #T0} and moves only when
 * told, with helpers that stamp device events with that clock. For the wall-clock work:
 * heartbeats and expiry.
 */
final class StateDriver implements AutoCloseable {
    static final long T0 = 1_700_000_000_000L;
    static final int GATEWAY = 5;

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Notification> notifications;
    private final TestInputTopic<String, DeviceEvent> deviceEvents;
    private final TestInputTopic<String, NodeHeartbeat> heartbeats;
    final TestOutputTopic<String, NodeCommand> nodeCommands;
    final TestOutputTopic<String, GatewayReply> gatewayReplies;
    final TestOutputTopic<String, dev.simplepush.schemas.audit.AuditEvent> audit;
    final TestOutputTopic<String, WakeRequest> wakeRequests;
    final TestOutputTopic<String, NodeCommand> deliveries;
    private final AtomicInteger requests = new AtomicInteger();
    private long now = T0;

    StateDriver(Path stateDir, Map<String, String> settings) {
        this(stateDir, settings, WakePolicy.OFF);
    }

    StateDriver(Path stateDir, Map<String, String> settings, WakePolicy wake) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("state.dir", stateDir.toString());
        // Live deliveries on node-commands unless a test asks for the deliveries topic, so that
        // one output topic shows every command in the order it was written.
        all.putIfAbsent("state.fast.deliveries", "false");
        StateConfig config = StateConfig.from(ConfigSource.of(all));
        Topics topics = Topics.DEFAULT;
        driver = new TopologyTestDriver(StateTopology.build(topics, config.rules(), config.housekeeping(),
                AuditSettings.ON, wake, config.writeLimit(), config.webPush(),
                (topic, key, value, partitions) -> Optional.empty(),
                (topic, key, value, partitions) -> Optional.empty()), config.streamsProperties(),
                Instant.ofEpochMilli(T0));
        notifications = input(topics.notifications());
        deviceEvents = input(topics.deviceEvents());
        heartbeats = input(NodeHeartbeats.topic(""));
        nodeCommands = driver.createOutputTopic(topics.nodeCommands().name(),
                topics.nodeCommands().keySerde().deserializer(), topics.nodeCommands().valueSerde().deserializer());
        gatewayReplies = driver.createOutputTopic(topics.gatewayReplies().name(),
                topics.gatewayReplies().keySerde().deserializer(),
                topics.gatewayReplies().valueSerde().deserializer());
        audit = driver.createOutputTopic(topics.audit().name(), topics.audit().keySerde().deserializer(),
                topics.audit().valueSerde().deserializer());
        deliveries = driver.createOutputTopic(topics.deliveries().name(),
                topics.deliveries().keySerde().deserializer(), topics.deliveries().valueSerde().deserializer());
        wakeRequests = driver.createOutputTopic(topics.wakeRequests().name(),
                topics.wakeRequests().keySerde().deserializer(), topics.wakeRequests().valueSerde().deserializer());
    }

    private <V> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Moves the wall clock, firing every punctuation due on the way. */
    void advance(Duration duration) {
        now += duration.toMillis();
        driver.advanceWallClockTime(duration);
    }

    /** Moves the clock in steps of {@code step}, so a punctuation fires at each. */
    void advance(Duration duration, Duration step) {
        for (long left = duration.toMillis(); left > 0; left -= step.toMillis()) {
            advance(Duration.ofMillis(Math.min(step.toMillis(), left)));
        }
    }

    long now() {
        return now;
    }

    void heartbeat(int nodeId, String incarnation) {
        heartbeats.pipeInput(NodeHeartbeat.key(nodeId), new NodeHeartbeat(nodeId, incarnation, now));
    }

    /** A device that said hello on (node, conn) and registered the channels; outputs drained. */
    void connect(String uaid, int node, String conn, String... channelIds) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Hello(uaid, node, conn, 0, true, now));
        for (String channelId : channelIds) {
            deviceEvents.pipeInput(uaid, new DeviceEvent.Register(uaid, node, conn, channelId, now));
        }
        drain();
    }

    /** As {@link #connect}, with wake data in the hello. */
    void connectWithWake(String uaid, int node, String conn, WakeData wake, String... channelIds) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Hello(uaid, node, conn, 0, true, now, wake));
        for (String channelId : channelIds) {
            deviceEvents.pipeInput(uaid, new DeviceEvent.Register(uaid, node, conn, channelId, now));
        }
        drain();
    }

    /** A hello the node stops waiting for at {@code answerBy} (epoch millis). */
    void hello(String uaid, int node, String conn, int channelCount, long answerBy) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Hello(uaid, node, conn, channelCount, false, now, null, answerBy));
    }

    void hello(String uaid, int node, String conn, int channelCount) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Hello(uaid, node, conn, channelCount, false, now));
    }

    void register(String uaid, int node, String conn, String channelId) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Register(uaid, node, conn, channelId, now));
    }

    void ack(String uaid, int node, String conn, Update... updates) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Ack(uaid, node, conn, List.of(updates), now));
    }

    void deviceEventsUnregister(String uaid, int node, String conn, String channelId) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Unregister(uaid, node, conn, channelId, now));
    }

    void disconnect(String uaid, int node, String conn) {
        deviceEvents.pipeInput(uaid, new DeviceEvent.Disconnect(uaid, node, conn, now));
    }

    /** A PUT accepted by the gateway now; returns its request id. */
    String put(String uaid, String channelId, long version) {
        String requestId = "r" + requests.incrementAndGet();
        notifications.pipeInput(uaid, new Notification(requestId, GATEWAY, uaid, channelId, version, null, now));
        return requestId;
    }

    void pipe(DeviceEvent event) {
        deviceEvents.pipeInput(event.uaid(), event);
    }

    void pipe(Notification notification) {
        notifications.pipeInput(notification.uaid(), notification);
    }

    /** A new request id, as the gateway makes one per request. */
    String nextRequestId() {
        return "r" + requests.incrementAndGet();
    }

    /** The sum of a Web Push counter over the driver's task ({@link WebPushCounters}). */
    double webPushCount(dev.simplepush.schemas.MetricName metric, String tag) {
        return WebPushCounters.total(driver.metrics(), metric, tag);
    }

    void drain() {
        nodeCommands.readValuesToList();
        deliveries.readValuesToList();
        gatewayReplies.readValuesToList();
    }

    KeyValueStore<String, Registration> registrations() {
        return driver.getKeyValueStore(StateStores.REGISTRATIONS);
    }

    KeyValueStore<String, PendingValue> pending() {
        return driver.getKeyValueStore(StateStores.PENDING);
    }

    /** Channel id → pending version of the uaid; empty when nothing is pending. */
    Map<String, Long> pendingVersions(String uaid) {
        return StoredRows.pendingVersions(driver, uaid);
    }

    java.util.Set<String> channelIds(String uaid) {
        return StoredRows.channelIds(driver, uaid);
    }

    /**
     * The records written to a store's changelog since the last call, raw: what a register or an
     * ack costs in Kafka.
     */
    List<TestRecord<String, byte[]>> changelog(String store) {
        return driver.createOutputTopic(StateConfig.DEFAULT_APPLICATION_ID + "-" + store + "-changelog",
                new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    /** Key plus value bytes written to every store's changelog since the last call. */
    long changelogBytes() {
        long bytes = 0;
        for (String store : List.of(StateStores.REGISTRATIONS, StateStores.CHANNELS, StateStores.PENDING,
                StateStores.PRESENCE)) {
            for (TestRecord<String, byte[]> record : changelog(store)) {
                bytes += record.key().getBytes(StandardCharsets.UTF_8).length
                        + (record.value() == null ? 0 : record.value().length);
            }
        }
        return bytes;
    }

    /** The ignored ack entries counted by every task ({@link IgnoredAcks}). */
    double ignoredAckEntries() {
        return IgnoredAcks.total(driver.metrics());
    }

    /** Every row of every store of the task, as its changelogs would restore them. */
    Map<String, List<org.apache.kafka.streams.KeyValue<String, Object>>> snapshot() {
        Map<String, List<org.apache.kafka.streams.KeyValue<String, Object>>> rows = new HashMap<>();
        for (String name : List.of(StateStores.REGISTRATIONS, StateStores.CHANNELS, StateStores.PENDING,
                StateStores.PRESENCE, StateStores.PUSH_MESSAGES, StateStores.PUSH_INDEX)) {
            KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
            List<org.apache.kafka.streams.KeyValue<String, Object>> all = new java.util.ArrayList<>();
            try (var it = store.all()) {
                it.forEachRemaining(all::add);
            }
            rows.put(name, all);
        }
        return rows;
    }

    /** Puts back what {@link #snapshot()} read: a task restored from its changelogs. */
    void restore(Map<String, List<org.apache.kafka.streams.KeyValue<String, Object>>> rows) {
        rows.forEach((name, all) -> {
            KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
            all.forEach(row -> store.put(row.key, row.value));
        });
    }

    /** The raw stores, to plant values an older version wrote. */
    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** Every topic written so far, changelogs included. */
    java.util.Set<String> producedTopicNames() {
        return driver.producedTopicNames();
    }

    KeyValueStore<String, Presence> presence() {
        return driver.getKeyValueStore(StateStores.PRESENCE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
