package dev.simplepush.launcher.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Megaphone-compatible broadcast API on the gateway, against a real broker: a set reaches a
 * subscribed device, is listed, audited, and answered as Megaphone answers; bad tokens, ids and
 * versions are refused with Megaphone's codes.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastApiIT {
    private static final String TOKEN = "remote-settings-token-0123456789";
    private static final String OTHER_TOKEN = "other-broadcaster-token-0123456";
    private static final String READER_TOKEN = "reader-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Deployment services;

    @BeforeAll
    void start(KafkaCluster cluster, @TempDir Path dir) {
        services = Deployment.builder(cluster, dir.resolve("state"))
                .set("broadcast.tokens", "remote-settings=" + TOKEN + ",other=" + OTHER_TOKEN)
                .set("broadcast.reader.tokens", "ops=" + READER_TOKEN)
                .nodes(1)
                .start();
    }

    @AfterAll
    void stop() {
        services.close();
    }

    private static HttpResponse<String> put(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(services.gatewayUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(services.gatewayUrl() + "/v1/broadcasts"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void aSetReachesTheSubscribedDeviceIsListedAndAuditedAndAnsweredAsMegaphoneDoes(KafkaCluster cluster)
            throws Exception {
        String channel = "monitor_" + UUID.randomUUID().toString().replace("-", "");
        String id = "remote-settings/" + channel;
        try (DeviceClient device = DeviceClient.connect(services.node(0))) {
            device.send("{\"messageType\":\"hello\",\"use_webpush\":true,\"broadcasts\":{\"" + id + "\":\"\\\"0\\\"\"}}");
            assertThat(device.receiveJson().path("status").asInt()).isEqualTo(200);

            HttpResponse<String> created = put("/v1/broadcasts/" + id, TOKEN, "\"1\"");
            HttpResponse<String> changed = put("/v1/broadcasts/" + id, TOKEN, "\"2\"");

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created)).isEqualTo(Json.MAPPER.readTree("{\"code\":201}"));
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(json(changed)).isEqualTo(Json.MAPPER.readTree("{\"code\":200}"));
            // The device is told the current version each time it handles a change: "1" then
            // "2", or only "2" if both were read before it handled the first.
            List<String> told = new ArrayList<>();
            while (!told.contains("\"2\"")) {
                told.add(device.receiveJson().path("broadcasts").path(id).asText());
            }
            assertThat(told).isIn(List.of("\"1\"", "\"2\""), List.of("\"2\""));
            device.expectNoMessage(Duration.ofMillis(500));
        }
        HttpResponse<String> listed = get(READER_TOKEN);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json(listed).path("code").asInt()).isEqualTo(200);
        assertThat(json(listed).path("broadcasts").path(id).asText()).isEqualTo("\"2\"");
        assertThat(auditOf(cluster, id)).extracting(AuditEvent.BroadcastSet::version)
                .containsExactly("\"1\"", "\"2\"");
        assertThat(auditOf(cluster, id)).allSatisfy(event -> {
            assertThat(event.setBy()).isEqualTo("api:remote-settings");
            assertThat(event.gatewayId()).isZero();
        });
    }

    @Test
    void badTokensAreRefusedWith401Or403AsMegaphoneRefusesThem() throws Exception {
        HttpResponse<String> none = put("/v1/broadcasts/remote-settings/x", null, "1");
        HttpResponse<String> unknown = put("/v1/broadcasts/remote-settings/x", "not-a-token-of-anyone", "1");
        HttpResponse<String> notBearer = HTTP.send(HttpRequest.newBuilder(
                        URI.create(services.gatewayUrl() + "/v1/broadcasts/remote-settings/x"))
                .header("Authorization", "Basic " + TOKEN).PUT(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherBroadcaster = put("/v1/broadcasts/remote-settings/x", OTHER_TOKEN, "1");
        HttpResponse<String> readerSetting = put("/v1/broadcasts/remote-settings/x", READER_TOKEN, "1");
        HttpResponse<String> listWithoutToken = get(null);
        HttpResponse<String> listAsBroadcaster = get(TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer "));
        assertThat(json(none).path("errno").asInt()).isEqualTo(120);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).path("errno").asInt()).isEqualTo(121);
        assertThat(notBearer.statusCode()).isEqualTo(401);
        assertThat(otherBroadcaster.statusCode()).isEqualTo(403);
        assertThat(json(otherBroadcaster)).isEqualTo(Json.MAPPER.readTree(
                "{\"code\":403,\"errno\":122,\"error\":\"Access denied to the requested resource\"}"));
        assertThat(readerSetting.statusCode()).isEqualTo(403);
        assertThat(listWithoutToken.statusCode()).isEqualTo(401);
        assertThat(listAsBroadcaster.statusCode()).isEqualTo(403);
        assertThat(get(READER_TOKEN).body()).doesNotContain("remote-settings/x\"");
    }

    @Test
    void badIdsVersionsAndPathsAreRefusedWithMegaphonesCodes() throws Exception {
        HttpResponse<String> badBroadcaster = put("/v1/broadcasts/remote+settings/x", TOKEN, "1");
        HttpResponse<String> badChannel = put("/v1/broadcasts/remote-settings/x+y", TOKEN, "1");
        HttpResponse<String> empty = put("/v1/broadcasts/remote-settings/x", TOKEN, "");
        HttpResponse<String> tooLong = put("/v1/broadcasts/remote-settings/x", TOKEN, "v".repeat(201));
        HttpResponse<String> notAscii = put("/v1/broadcasts/remote-settings/x", TOKEN, "vé");
        HttpResponse<String> noChannel = put("/v1/broadcasts/remote-settings", TOKEN, "1");
        HttpResponse<String> elsewhere = put("/update/nothing-here", TOKEN, "version=1");

        assertThat(badBroadcaster.statusCode()).isEqualTo(400);
        assertThat(json(badBroadcaster).path("errno").asInt()).isEqualTo(100);
        assertThat(json(badBroadcaster).path("error").asText()).contains("broadcasterID");
        assertThat(badChannel.statusCode()).isEqualTo(400);
        assertThat(json(badChannel).path("errno").asInt()).isEqualTo(101);
        for (HttpResponse<String> response : List.of(empty, tooLong, notAscii)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("errno").asInt()).isEqualTo(103);
            assertThat(json(response).path("error").asText()).contains("Version");
        }
        assertThat(noChannel.statusCode()).isEqualTo(404);
        assertThat(json(noChannel)).isEqualTo(Json.MAPPER.readTree(
                "{\"code\":404,\"errno\":123,\"error\":\"Not Found\"}"));
        assertThat(elsewhere.statusCode()).as("the gateway's own routes are untouched").isEqualTo(404);
        assertThat(get(READER_TOKEN).body()).doesNotContain("remote-settings/x\"");
    }

    @Test
    void theCliSetsAVersionThatDevicesAndTheApiSeeListsItAndRefusesBadInput(KafkaCluster cluster) throws Exception {
        String id = "ops/cli_" + UUID.randomUUID().toString().replace("-", "");
        try (DeviceClient device = DeviceClient.connect(services.node(0))) {
            device.send("{\"messageType\":\"hello\",\"use_webpush\":true,\"broadcasts\":{\"" + id + "\":\"0\"}}");
            assertThat(device.receiveJson().path("status").asInt()).isEqualTo(200);

            Result set = cli(cluster, "broadcast", "set", id, "v9");

            assertThat(set.exit()).as(set.err()).isZero();
            assertThat(set.out()).contains(id + " = v9 (new)");
            assertThat(device.receiveJson().path("broadcasts").path(id).asText()).isEqualTo("v9");
        }
        Result list = cli(cluster, "broadcast", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).containsPattern(id + "\\s+v9\\s+.*\\scli");
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get(READER_TOKEN)).path("broadcasts").path(id).asText(),
                "v9"::equals);
        assertThat(cli(cluster, "broadcast", "set", "no-slash", "v1").exit()).isEqualTo(2);
        assertThat(cli(cluster, "broadcast", "set", "ops/x", "v".repeat(201)).exit()).isEqualTo(2);
    }

    record Result(int exit, String out, String err) {
    }

    private static Result cli(KafkaCluster cluster, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine line = new picocli.CommandLine(new dev.simplepush.launcher.Main());
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        int at = all.size() > 2 && all.get(1).equals("set") ? 2 : all.size();
        all.addAll(at, List.of("--bootstrap-servers", cluster.bootstrapServers(), "-s",
                "topics.prefix=" + cluster.topicPrefix(), "-s", "topics.replication.factor=1",
                "-s", "topics.min.insync.replicas=1", "-s", "topics.uaid.partitions=4", "-s", "topics.max.nodes=4",
                "-s", "topics.max.gateways=4"));
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    /** The broadcast_set audit records of {@code id}, in order: its partition of the audit topic. */
    private static List<AuditEvent.BroadcastSet> auditOf(KafkaCluster cluster, String id) {
        Map<String, Object> props = cluster.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        var serde = cluster.topics().audit().valueSerde();
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<AuditEvent.BroadcastSet> found = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor(cluster.topics().audit().name()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (id.equals(record.key())
                                && serde.deserializer().deserialize(record.topic(), record.value())
                                        instanceof AuditEvent.BroadcastSet set) {
                            found.add(set);
                        }
                    }
                }
            }
            return found;
        }, found -> found.size() >= 2);
    }
}
