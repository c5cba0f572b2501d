package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §3 (and the wake-up fields of §11) with checklist items 11–23, 54 and 55, driven through
 * Java-WebSocket rather than our own client.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloConformanceIT {
    /** Node 1's {@code node.hello.timeout}: short, so item 21 takes seconds, not 30. */
    private static final Duration HELLO_TIMEOUT = Duration.ofMillis(1500);
    private static final int DEFAULTS = 0;
    private static final int SHORT_HELLO_TIMEOUT = 1;
    private static final int OTHER_NODE = 2;

    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;
    private KafkaCluster cluster;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        this.cluster = cluster;
        deployment = Deployment.builder(cluster, stateDir)
                .set("node.min.ping.interval", "0")
                .node(Map.of())
                .node(Map.of("node.hello.timeout", HELLO_TIMEOUT.toMillis() + "ms"))
                .node(Map.of())
                .start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private JavaWebSocketDevice connect() {
        return JavaWebSocketDevice.connect(deployment.node(DEFAULTS));
    }

    @Test
    @Checklist(11)
    @DisplayName("§16.11 hello with uaid \"\", missing or null gets 200 and a new 32-hex lower-case v4 uaid")
    void aHelloWithoutAUaidGetsANewV4Uaid() {
        Set<String> assigned = new HashSet<>();
        for (String hello : List.of(
                "{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[]}",
                "{\"messageType\":\"hello\",\"channelIDs\":[]}",
                "{\"messageType\":\"hello\",\"uaid\":null,\"channelIDs\":[]}",
                "{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[\"" + Wire.chid() + "\"]}")) {
            try (JavaWebSocketDevice device = connect()) {
                JsonNode reply = device.helloWith(hello);
                assertThat(reply.path("uaid").isTextual()).isTrue();
                assertThat(reply.path("uaid").asText()).as("reply to %s", hello).matches(Wire.GENERATED_UAID);
                assertThat(reply.path("status").isInt()).isTrue();
                assigned.add(reply.path("uaid").asText());
            }
        }
        assertThat(assigned).as("every hello gets its own uaid").hasSize(4);
    }

    @Test
    @Checklist(12)
    @DisplayName("§16.12 hello with channelIDs missing or not an array gets the 401 echo and a close")
    void aHelloWithoutAChannelIdsArrayGets401() {
        for (String hello : List.of(
                "{\"messageType\":\"hello\",\"uaid\":\"\"}",
                "{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":null}",
                "{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":\"" + Wire.chid() + "\"}",
                "{\"messageType\":\"hello\",\"channelIDs\":{\"0\":\"" + Wire.chid() + "\"}}",
                "{\"messageType\":\"hello\",\"channelIDs\":5}",
                "{\"messageType\":\"hello\",\"channelIDs\":true}")) {
            try (JavaWebSocketDevice device = connect()) {
                device.send(hello);
                Wire.assertEcho(device.receive(), hello, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(12)
    @DisplayName("§16.12 a hello with use_webpush or broadcasts and no channelIDs is taken as channelIDs []")
    void aDesktopGeckoHelloWithoutChannelIdsSucceeds() {
        String known;
        try (JavaWebSocketDevice device = connect()) {
            known = device.hello(null);
            device.register(Wire.chid());
        }
        for (String hello : List.of(
                "{\"messageType\":\"hello\",\"use_webpush\":true}",
                "{\"messageType\":\"hello\",\"uaid\":\"\",\"use_webpush\":false}",
                "{\"messageType\":\"hello\",\"broadcasts\":{}}",
                "{\"messageType\":\"hello\",\"uaid\":null,\"broadcasts\":{\"remote-settings/monitor_changes\":\"v1\"}}")) {
            try (JavaWebSocketDevice device = connect()) {
                assertThat(device.helloWith(hello).path("uaid").asText()).matches(Wire.GENERATED_UAID);
            }
        }
        try (JavaWebSocketDevice device = connect()) {
            JsonNode reply = device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"" + known + "\",\"use_webpush\":true}");
            assertThat(reply.path("uaid").asText()).as("a known uaid is kept").isEqualTo(known);
        }
    }

    @Test
    @Checklist(13)
    @DisplayName("§16.13 hello with uaid 0, true or another non-string gets the 401 echo")
    void aNonStringUaidGets401() {
        for (String uaid : List.of("0", "true", "false", "1.5", "{}", "[\"" + Wire.unknownUaid() + "\"]")) {
            String hello = "{\"messageType\":\"hello\",\"uaid\":" + uaid + ",\"channelIDs\":[]}";
            try (JavaWebSocketDevice device = connect()) {
                device.send(hello);
                Wire.assertEcho(device.receive(), hello, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(14)
    @DisplayName("§16.14 hello with uaid \"xyz\", \"0\", 128 000 chars or a misplaced dash gets 503 \"Service Unavailable\"")
    void anInvalidUaidGets503() {
        String dashed = java.util.UUID.randomUUID().toString();
        String misplacedDash = dashed.substring(0, 8) + dashed.charAt(9) + "-" + dashed.substring(10);
        List<String> invalid = List.of("xyz", "0", "a".repeat(128_000), misplacedDash,
                dashed.replace("-", "") + "0", dashed.replace("-", "").substring(1), "g".repeat(32),
                dashed.substring(1), " " + dashed.replace("-", ""), dashed.replace("-", "_"));
        for (String uaid : invalid) {
            String hello = Wire.hello(uaid, List.of());
            try (JavaWebSocketDevice device = connect()) {
                device.send(hello);
                Wire.assertEcho(device.receive(), hello, 503);
                assertThat(device.awaitClose(Wire.TIMEOUT)).as("uaid %.40s", uaid).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(15)
    @DisplayName("§16.15 an unknown valid uaid with empty channelIDs is returned byte for byte")
    void anUnknownUaidWithoutChannelsIsAdoptedAsSent() {
        String upperDashed = java.util.UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String hex = Wire.unknownUaid();
        String mixedHex = hex.substring(0, 16).toUpperCase(Locale.ROOT) + hex.substring(16);
        for (String uaid : List.of(upperDashed, mixedHex, Wire.unknownUaid())) {
            try (JavaWebSocketDevice device = connect()) {
                assertThat(device.hello(uaid)).isEqualTo(uaid);
            }
            try (JavaWebSocketDevice device = connect()) {
                assertThat(device.hello(uaid, Wire.chid())).as("known from now on").isEqualTo(uaid);
            }
        }
    }

    @Test
    @Checklist(16)
    @DisplayName("§16.16 an unknown valid uaid with non-empty channelIDs gets a new uaid")
    void anUnknownUaidWithChannelsGetsANewUaid() {
        String unknown = Wire.unknownUaid();
        try (JavaWebSocketDevice device = connect()) {
            String assigned = device.hello(unknown, Wire.chid(), Wire.chid());
            assertThat(assigned).isNotEqualTo(unknown).matches(Wire.GENERATED_UAID);
            String chid = Wire.chid();
            String endpoint = device.register(chid);
            assertThat(appServer.putVersion(endpoint, 3).status()).as("the new uaid works").isEqualTo(200);
            assertThat(notification(device)).containsExactly(Update.of(chid, 3));
        }
    }

    @Test
    @Checklist(17)
    @DisplayName("§16.17 201 channelIDs get 200 and a new uaid; the old uaid's endpoints then answer 404")
    void moreThan200ChannelIdsResetTheUaid() {
        String chid = Wire.chid();
        String uaid;
        String endpoint;
        try (JavaWebSocketDevice device = connect()) {
            uaid = device.hello(null);
            endpoint = device.register(chid);
            assertThat(appServer.putVersion(endpoint, 1).status()).isEqualTo(200);
            assertThat(notification(device)).containsExactly(Update.of(chid, 1));
        }
        try (JavaWebSocketDevice device = connect()) {
            List<String> channels = new ArrayList<>(Wire.chids(200));
            channels.add(chid);
            String assigned = device.hello(uaid, channels.toArray(String[]::new));
            assertThat(assigned).isNotEqualTo(uaid).matches(Wire.GENERATED_UAID);
            device.expectNoMessage(Wire.QUIET);
        }
        Response put = appServer.putVersion(endpoint, 2);
        assertThat(put.status()).isEqualTo(404);
        assertThat(put.body()).isEqualTo("\"Invalid Token\"");
    }

    @Test
    @Checklist(18)
    @DisplayName("§16.18 a known uaid reconnecting keeps its uaid, with its channels, none, or 200 channelIDs")
    void aKnownUaidKeepsItsUaid() {
        String chid = Wire.chid();
        String uaid;
        try (JavaWebSocketDevice device = connect()) {
            uaid = device.hello(null);
            device.register(chid);
        }
        try (JavaWebSocketDevice device = connect()) {
            assertThat(device.hello(uaid, chid)).isEqualTo(uaid);
        }
        try (JavaWebSocketDevice device = JavaWebSocketDevice.connect(deployment.node(OTHER_NODE))) {
            assertThat(device.hello(uaid)).as("on another node, no channels").isEqualTo(uaid);
        }
        try (JavaWebSocketDevice device = connect()) {
            assertThat(device.hello(uaid, Wire.chids(200).toArray(String[]::new)))
                    .as("200 is max_channels, not more").isEqualTo(uaid);
        }
    }

    @Test
    @Checklist(19)
    @DisplayName("§16.19 a second hello with the same or no uaid gets 200 and the same uaid; another uaid gets 503")
    void aSecondHelloOnTheSameSocket() {
        try (JavaWebSocketDevice device = connect()) {
            String uaid = device.hello(null);
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            assertThat(device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[]}").path("uaid")
                    .asText()).isEqualTo(uaid);
            assertThat(device.helloWith("{\"messageType\":\"hello\",\"channelIDs\":[]}").path("uaid").asText())
                    .isEqualTo(uaid);
            assertThat(device.helloWith("{\"messageType\":\"hello\",\"uaid\":null,\"channelIDs\":[\"" + Wire.chid()
                    + "\"]}").path("uaid").asText()).isEqualTo(uaid);
            assertThat(device.hello(uaid, Wire.chids(201).toArray(String[]::new)))
                    .as("a repeated hello never resets the uaid of its socket").isEqualTo(uaid);

            String other = Wire.hello(Wire.unknownUaid(), List.of());
            device.send(other);
            Wire.assertEcho(device.receive(), other, 503);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
    }

    @Test
    @Checklist(20)
    @DisplayName("§16.20 a new socket with the same uaid closes the old one; only the new one gets updates")
    void aNewSocketTakesOverTheUaid() {
        String chid = Wire.chid();
        try (JavaWebSocketDevice first = connect()) {
            String uaid = first.hello(null);
            String endpoint = first.register(chid);
            try (JavaWebSocketDevice second = connect()) {
                assertThat(second.hello(uaid, chid)).isEqualTo(uaid);
                assertThat(first.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);

                assertThat(appServer.putVersion(endpoint, 10).status()).isEqualTo(200);
                assertThat(notification(second)).containsExactly(Update.of(chid, 10));
                first.expectNoMessage(Duration.ofMillis(50));

                try (JavaWebSocketDevice third = JavaWebSocketDevice.connect(deployment.node(OTHER_NODE))) {
                    assertThat(third.hello(uaid, chid)).isEqualTo(uaid);
                    assertThat(notification(third)).as("10 was never acked, so it is flushed to the newest")
                            .containsExactly(Update.of(chid, 10));
                    assertThat(second.awaitClose(Wire.TIMEOUT)).as("taken over from another node")
                            .isEqualTo(Wire.NORMAL_CLOSURE);
                    assertThat(appServer.putVersion(endpoint, 11).status()).isEqualTo(200);
                    assertThat(notification(third)).containsExactly(Update.of(chid, 11));
                    second.expectNoMessage(Duration.ofMillis(50));
                }
            }
        }
    }

    @Test
    @Checklist({21, 55})
    @DisplayName("§16.21/55 no hello within hello_timeout closes the socket (1000, never 4774), even while it pings")
    void noHelloInTimeClosesTheSocketEvenIfItPings() {
        long start = System.nanoTime();
        try (JavaWebSocketDevice device = JavaWebSocketDevice.connect(deployment.node(SHORT_HELLO_TIMEOUT))) {
            Duration bound = HELLO_TIMEOUT.plusSeconds(5);
            // Keep pinging every 200 ms: if pings extended the timeout, the socket would stay open.
            while (Duration.ofNanos(System.nanoTime() - start).compareTo(bound) < 0 && device.pingIfOpen()) {
                device.expectNoMessage(Duration.ofMillis(200));
            }
            int code = device.awaitClose(Duration.ofMillis(1));
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertThat(code).isEqualTo(Wire.NORMAL_CLOSURE).isNotEqualTo(Wire.WAKE_UP_CLOSE);
            assertThat(open).isGreaterThanOrEqualTo(HELLO_TIMEOUT.minusMillis(100));
        }
    }

    @Test
    @Checklist(21)
    @DisplayName("§16.21 a socket whose hello completed in time outlives hello_timeout")
    void aSocketThatSaidHelloOutlivesTheTimeout() {
        long start = System.nanoTime();
        try (JavaWebSocketDevice device = JavaWebSocketDevice.connect(deployment.node(SHORT_HELLO_TIMEOUT))) {
            String uaid = device.hello(null);
            Duration past = HELLO_TIMEOUT.plusMillis(500);
            while (Duration.ofNanos(System.nanoTime() - start).compareTo(past) < 0) {
                device.expectNoMessage(Duration.ofMillis(250));
            }
            assertThat(device.isClosed()).isFalse();
            device.ping();
            assertThat(device.hello(uaid)).isEqualTo(uaid);
        }
    }

    @Test
    @Checklist(22)
    @DisplayName("§16.22 pending updates arrive in one notification right after the hello reply; none pending, nothing")
    void pendingUpdatesAreFlushedRightAfterTheHelloReply() {
        String a = Wire.chid();
        String b = Wire.chid();
        String uaid;
        String endpointA;
        String endpointB;
        try (JavaWebSocketDevice device = connect()) {
            uaid = device.hello(null);
            device.expectNoMessage(Wire.QUIET);
            endpointA = device.register(a);
            endpointB = device.register(b);
        }
        assertThat(appServer.putForm(endpointA, Map.of("version", "5", "data", "live only")).status())
                .isEqualTo(202);
        assertThat(appServer.putVersion(endpointB, 7).status()).isEqualTo(202);
        try (JavaWebSocketDevice device = connect()) {
            assertThat(device.hello(uaid, a, b)).isEqualTo(uaid);
            JsonNode flush = device.receiveJson();
            assertThat(flush.path("messageType").asText()).isEqualTo("notification");
            assertThat(updates(flush)).containsExactlyInAnyOrder(Update.of(a, 5), Update.of(b, 7));
            device.expectNoMessage(Wire.QUIET);

            assertThat(device.hello(uaid)).as("a second hello flushes again").isEqualTo(uaid);
            assertThat(notification(device)).containsExactlyInAnyOrder(Update.of(a, 5), Update.of(b, 7));
            device.ack(a, 5);
            device.ack(b, 7);
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(22)
    @DisplayName("§16.22 a ping pipelined behind the hello is answered after the flush, never between reply and flush")
    void aPipelinedPingIsAnsweredAfterTheFlush() {
        String a = Wire.chid();
        String uaid;
        String endpoint;
        try (JavaWebSocketDevice device = connect()) {
            uaid = device.hello(null);
            endpoint = device.register(a);
        }
        assertThat(appServer.putVersion(endpoint, 3).status()).isEqualTo(202);
        try (JavaWebSocketDevice device = connect()) {
            device.send(Wire.hello(uaid, List.of(a)));
            device.send("{}");

            JsonNode reply = device.receiveJson();
            assertThat(reply.path("messageType").asText()).as("%s", reply).isEqualTo("hello");
            assertThat(reply.path("uaid").asText()).isEqualTo(uaid);
            assertThat(notification(device)).containsExactly(Update.of(a, 3));
            assertThat(device.receive()).as("pong").isEqualTo("{}");
        }
    }

    @Test
    @Checklist(23)
    @DisplayName("§16.23 the hello reply contains use_webpush only when the hello asked for it (Web Push data mode, W1.1)")
    void theHelloReplyContainsUseWebpushOnlyWhenAsked() {
        Map<String, Boolean> hellos = new LinkedHashMap<>();
        hellos.put("{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[],\"use_webpush\":true}", true);
        hellos.put("{\"messageType\":\"hello\",\"use_webpush\":true}", true);
        hellos.put("{\"messageType\":\"hello\",\"channelIDs\":[]}", false);
        hellos.put("{\"messageType\":\"hello\",\"channelIDs\":[],\"use_webpush\":false}", false);
        hellos.put("{\"messageType\":\"hello\",\"channelIDs\":[],\"use_webpush\":\"true\"}", false);
        hellos.forEach((hello, dataMode) -> {
            try (JavaWebSocketDevice device = connect()) {
                device.send(hello);
                JsonNode reply = device.receiveJson();
                assertThat(Wire.fieldNames(reply)).contains("messageType", "uaid", "status");
                assertThat(reply.has("use_webpush")).as("%s: %s", hello, reply).isEqualTo(dataMode);
                if (dataMode) {
                    assertThat(reply.path("use_webpush").isBoolean() && reply.path("use_webpush").booleanValue()).isTrue();
                }
                assertThat(reply.path("messageType").asText()).isEqualTo("hello");
                assertThat(reply.path("status").intValue()).isEqualTo(200);
            }
        });
    }

    @Test
    @Checklist(54)
    @DisplayName("§16.54 hello with wake-up fields gets 200; malformed wake-up fields do not fail it")
    void wakeUpFieldsNeverFailAHello() {
        String valid = "\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"x1\"}";
        List<String> wakeFields = List.of(
                valid,
                "\"wakeup_host\":{\"ip\":\"10.0.0.2\",\"port\":2442},\"mobilenetwork\":{\"mcc\":\"310\",\"mnc\":\"410\"}",
                "\"wakeup_hostport\":\"10.0.0.1:8080\",\"mobilenetwork\":5",
                "\"wakeup_hostport\":{\"ip\":5,\"port\":\"x\"},\"mobilenetwork\":{\"mcc\":214}",
                "\"wakeup_hostport\":null,\"mobilenetwork\":[]",
                "\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080}",
                "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}");
        for (String fields : wakeFields) {
            try (JavaWebSocketDevice device = connect()) {
                String uaid = device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[]," + fields
                        + "}").path("uaid").asText();
                assertThat(uaid).as("with %s", fields).matches(Wire.GENERATED_UAID);
                // Known now: the next hello with the same fields keeps it.
                assertThat(device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[],"
                        + fields + "}").path("uaid").asText()).isEqualTo(uaid);
            }
        }
    }

    @Test
    @Checklist(54)
    @DisplayName("§16.54 well-formed wake data is stored with the uaid, replaced by newer, kept when a hello lacks it")
    void wakeDataIsStoredWithTheUaid() throws Exception {
        String uaid;
        try (JavaWebSocketDevice device = connect()) {
            uaid = device.helloWith("{\"messageType\":\"hello\",\"channelIDs\":[],"
                    + "\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},"
                    + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"x1\"}}").path("uaid").asText();
        }
        awaitStoredWake(uaid, "{\"ip\":\"10.0.0.1\",\"port\":8080,\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"x1\"}");

        // Malformed or half wake data is ignored: the stored value stays.
        try (JavaWebSocketDevice device = connect()) {
            device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[],"
                    + "\"wakeup_hostport\":{\"ip\":\"10.9.9.9\",\"port\":\"x\"},"
                    + "\"mobilenetwork\":{\"mcc\":\"999\",\"mnc\":\"99\"}}");
        }
        // The alias wakeup_host replaces it.
        try (JavaWebSocketDevice device = connect()) {
            device.helloWith("{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[],"
                    + "\"wakeup_host\":{\"ip\":\"10.0.0.2\",\"port\":2442},"
                    + "\"mobilenetwork\":{\"mcc\":\"310\",\"mnc\":\"410\"}}");
        }
        awaitStoredWake(uaid, "{\"ip\":\"10.0.0.2\",\"port\":2442,\"mcc\":\"310\",\"mnc\":\"410\"}");
        assertThat(storedWakeHistory(uaid)).as("no hello stored the malformed wake data")
                .noneMatch(wake -> wake.contains("10.9.9.9"));
    }

    /** The durable store is the registrations store's changelog: read what Streams wrote there. */
    private void awaitStoredWake(String uaid, String expectedJson) {
        JsonNode expected = Wire.parse(expectedJson);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> history = storedWakeHistory(uaid);
            assertThat(history).isNotEmpty();
            assertThat(Wire.parse(history.get(history.size() - 1))).isEqualTo(expected);
        });
    }

    private List<String> storedWakeHistory(String uaid) throws Exception {
        List<String> changelogs;
        try (Admin admin = cluster.createAdmin()) {
            changelogs = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(cluster.topicPrefix()) && name.endsWith("registrations-changelog"))
                    .toList();
        }
        assertThat(changelogs).as("the registrations changelog").isNotEmpty();
        Map<String, Object> props = cluster.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> wakes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : changelogs) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (uaid.equals(record.key()) && record.value() != null && Wire.parse(record.value()).has("wake")) {
                        wakes.add(Wire.parse(record.value()).get("wake").toString());
                    }
                }
            }
        }
        return wakes;
    }

    @Test
    @Checklist(57)
    @DisplayName("§16.57 wake-up fields out of shape (long strings, a host name, a bad port, a non-digit mcc) are "
            + "ignored: the hello succeeds and nothing of them is stored")
    void wakeUpFieldsOutOfShapeAreIgnoredAndNeverStored() throws Exception {
        String huge = "1".repeat(200_000);
        List<String> outOfShape = List.of(
                "\"wakeup_hostport\":{\"ip\":\"" + huge + "\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}",
                "\"wakeup_hostport\":{\"ip\":\"10.7.7.7\",\"port\":8080},"
                        + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"" + huge + "\"}",
                "\"wakeup_hostport\":{\"ip\":\"push.example.com\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}",
                "\"wakeup_hostport\":{\"ip\":\"10.7.7.8\",\"port\":70000},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}",
                "\"wakeup_hostport\":{\"ip\":\"10.7.7.9\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"2a4\",\"mnc\":\"07\"}",
                "\"wakeup_hostport\":{\"ip\":\"10.7.7.10\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"2144\",\"mnc\":\"7\"}");
        List<String> uaids = new ArrayList<>();
        for (String fields : outOfShape) {
            try (JavaWebSocketDevice device = connect()) {
                String uaid = device.helloWith("{\"messageType\":\"hello\",\"channelIDs\":[]," + fields + "}")
                        .path("uaid").asText();
                assertThat(uaid).as("with %s", fields.substring(0, Math.min(120, fields.length())))
                        .matches(Wire.GENERATED_UAID);
                uaids.add(uaid);
            }
        }
        // A barrier: a later hello with good wake data is stored, so the earlier ones were processed.
        String good;
        try (JavaWebSocketDevice device = connect()) {
            good = device.helloWith("{\"messageType\":\"hello\",\"channelIDs\":[],"
                    + "\"wakeup_hostport\":{\"ip\":\"2001:db8::7\",\"port\":2442},"
                    + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}").path("uaid").asText();
        }
        awaitStoredWake(good, "{\"ip\":\"2001:db8::7\",\"port\":2442,\"mcc\":\"214\",\"mnc\":\"07\"}");
        for (String uaid : uaids) {
            assertThat(storedWakeHistory(uaid)).as("wake data stored for %s", uaid).isEmpty();
        }
    }

    @Test
    @Checklist(55)
    @DisplayName("§16.55 with the no-op wake-up driver 4774 is never sent: idle sockets with wake data stay open")
    void theNoOpDriverNeverCloses4774() {
        String wakeHello = "{\"messageType\":\"hello\",\"channelIDs\":[],\"wakeup_hostport\":{\"ip\":\"10.0.0.1\","
                + "\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}";
        long start = System.nanoTime();
        try (JavaWebSocketDevice idleWithWakeData = JavaWebSocketDevice.connect(deployment.node(SHORT_HELLO_TIMEOUT));
                JavaWebSocketDevice neverSaysHello = JavaWebSocketDevice.connect(deployment.node(SHORT_HELLO_TIMEOUT))) {
            String uaid = idleWithWakeData.helloWith(wakeHello).path("uaid").asText();

            assertThat(neverSaysHello.awaitClose(HELLO_TIMEOUT.plusSeconds(5))).isEqualTo(Wire.NORMAL_CLOSURE);
            Duration past = HELLO_TIMEOUT.plusMillis(500);
            while (Duration.ofNanos(System.nanoTime() - start).compareTo(past) < 0) {
                idleWithWakeData.expectNoMessage(Duration.ofMillis(250));
            }
            assertThat(idleWithWakeData.isClosed()).as("idle with wake data, still open").isFalse();
            idleWithWakeData.ping();

            try (JavaWebSocketDevice successor = connect()) {
                assertThat(successor.hello(uaid)).isEqualTo(uaid);
                assertThat(idleWithWakeData.awaitClose(Wire.TIMEOUT)).as("a takeover closes with 1000, not 4774")
                        .isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    private static List<Update> notification(JavaWebSocketDevice device) {
        JsonNode message = device.receiveJson();
        assertThat(message.path("messageType").asText()).as("%s", message).isEqualTo("notification");
        return updates(message);
    }

    /** The updates of a notification, each checked for the wire shape of spec §6. */
    static List<Update> updates(JsonNode notification) {
        List<Update> updates = new ArrayList<>();
        for (JsonNode update : notification.path("updates")) {
            assertThat(update.path("version").isIntegralNumber()).as("version is a JSON integer: %s", update).isTrue();
            JsonNode data = update.get("data");
            updates.add(new Update(update.path("channelID").asText(), update.path("version").longValue(),
                    data == null ? null : data.asText()));
        }
        return updates;
    }
}
