package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Web Push checklist (webpush.md W8, items 1–30) end to end: streams-state, a gateway and a
 * delivery node against a real broker; the device is our JDK WebSocket client speaking data mode,
 * the app server plain HTTP. Bodies are random bytes shaped as aes128gcm: the server passes them
 * through without decrypting, so the test compares bytes. (Item 31, a real browser with an
 * independent encryption library, is FirefoxWebPushIT.)
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPushConformanceIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final JsonSerde<AuditEvent> AUDIT = JsonSerde.of(AuditEvent.class);
    private static final Duration QUIET = Wire.QUIET;
    /** Small caps so items 22 and 23 need few messages. */
    private static final int MAX_PENDING_PER_CHANNEL = 6;
    private static final int MAX_UNACKED = 3;

    private final AppServerClient appServer = new AppServerClient();
    private KafkaCluster cluster;
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        this.cluster = cluster;
        deployment = Deployment.builder(cluster, stateDir)
                .set("node.min.ping.interval", "0")
                .set("webpush.max.pending.per.channel", Integer.toString(MAX_PENDING_PER_CHANNEL))
                .set("webpush.max.unacked", Integer.toString(MAX_UNACKED))
                .nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A data-mode device with one channel, restricted to {@code vapid}'s key when not null. */
    private record Subscribed(DeviceClient device, String uaid, String chid, String endpoint) {
    }

    private DeviceClient connect() {
        return DeviceClient.connect(deployment.node(0));
    }

    /** Says a data-mode hello and returns the reply. */
    private static JsonNode dataHello(DeviceClient device, String uaid, List<String> channelIds) {
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("messageType", "hello");
        if (uaid != null) {
            hello.put("uaid", uaid);
        }
        hello.put("channelIDs", channelIds);
        hello.put("use_webpush", true);
        device.sendJson(hello);
        JsonNode reply = device.receiveJson();
        assertThat(reply.path("messageType").asText()).as("%s", reply).isEqualTo("hello");
        assertThat(reply.path("status").asInt()).as("%s", reply).isEqualTo(200);
        return reply;
    }

    private static JsonNode register(DeviceClient device, String chid, String key) {
        Map<String, Object> register = new LinkedHashMap<>();
        register.put("messageType", "register");
        register.put("channelID", chid);
        if (key != null) {
            register.put("key", key);
        }
        device.sendJson(register);
        JsonNode reply = device.receiveJson();
        assertThat(reply.path("messageType").asText()).as("%s", reply).isEqualTo("register");
        return reply;
    }

    private Subscribed subscribe(Vapid vapid) {
        DeviceClient device = connect();
        String uaid = dataHello(device, null, List.of()).path("uaid").asText();
        String chid = Wire.chid();
        JsonNode reply = register(device, chid, vapid == null ? null : vapid.publicKeyPadded());
        assertThat(reply.path("status").asInt()).as("%s", reply).isEqualTo(200);
        return new Subscribed(device, uaid, chid, reply.path("pushEndpoint").asText());
    }

    private Subscribed subscribe() {
        return subscribe(null);
    }

    /** Reconnects a device in data mode with its uaid and channel; the hello reply is consumed. */
    private DeviceClient reconnect(Subscribed s) {
        DeviceClient device = connect();
        JsonNode reply = dataHello(device, s.uaid(), List.of(s.chid()));
        assertThat(reply.path("uaid").asText()).isEqualTo(s.uaid());
        return device;
    }

    /** A random body shaped as aes128gcm (RFC 8188 header, 65-byte key id) of {@code size} bytes. */
    private static byte[] aes128gcm(int size) {
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        ByteBuffer.wrap(body).putInt(16, 4096);
        body[20] = 65;
        body[21] = 0x04;
        return body;
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private Response post(String endpoint, byte[] body, Map<String, String> headers) {
        return appServer.send("POST", endpoint, body, headers);
    }

    private Response post(String endpoint, byte[] body, String ttl) {
        return post(endpoint, body, headers("TTL", ttl, "Content-Encoding", "aes128gcm"));
    }

    /** The message id of a 201: the last segment of its {@code Location}. */
    private static String messageId(Response created) {
        assertThat(created.status()).as("POST answer %s", created.body()).isEqualTo(201);
        String location = created.header("Location").orElseThrow();
        assertThat(location).matches("^https?://[^/]+/m/[A-Za-z0-9_-]+$");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void assertError(Response response, int status, int errno) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = Wire.parse(response.body());
        assertThat(body.path("code").asInt()).isEqualTo(status);
        assertThat(body.path("errno").asInt()).as("errno of %s", response.body()).isEqualTo(errno);
        assertThat(body.path("error").asText()).isNotEmpty();
        assertThat(body.path("message").asText()).isNotEmpty();
    }

    /** The next message, which must be a data-mode notification. */
    private static JsonNode receivePush(DeviceClient device) {
        JsonNode message = device.receiveJson();
        assertThat(message.path("messageType").asText()).as("%s", message).isEqualTo("notification");
        assertThat(message.has("updates")).as("a data-mode notification has no updates: %s", message).isFalse();
        return message;
    }

    private static void ack(DeviceClient device, String chid, String messageId, int code) {
        device.sendJson(Map.of("messageType", "ack",
                "updates", List.of(Map.of("channelID", chid, "version", messageId, "code", code))));
    }

    private static byte[] dataOf(JsonNode message) {
        return Base64.getUrlDecoder().decode(message.path("data").asText());
    }

    private String audience() {
        return URI.create(deployment.settings().getOrDefault("gateway.endpoint.base", "http://localhost:8081"))
                .resolve("/").toString().replaceAll("/$", "");
    }

    private String gatewayPath(String location) {
        return deployment.gatewayUrl() + URI.create(location).getRawPath();
    }

    // ---------------------------------------------------------------- W1

    @Test
    @WebPushChecklist(1)
    @DisplayName("W8.1 a hello with use_webpush gets use_webpush and broadcasts in its reply")
    void aDataModeHelloIsAnsweredInDataMode() {
        try (DeviceClient device = connect()) {
            JsonNode reply = dataHello(device, null, List.of());
            assertThat(reply.path("use_webpush").asBoolean()).as("%s", reply).isTrue();
            assertThat(reply.path("broadcasts").isObject()).as("%s", reply).isTrue();
            assertThat(reply.path("uaid").asText()).matches(Wire.GENERATED_UAID);
        }
    }

    @Test
    @WebPushChecklist(2)
    @DisplayName("W8.2 a hello without use_webpush gets no use_webpush in its reply")
    void aSimplePushHelloIsAnsweredAsBefore() {
        try (DeviceClient device = connect()) {
            device.send(Wire.hello(null, List.of()));
            JsonNode reply = device.receiveJson();
            assertThat(reply.path("status").asInt()).isEqualTo(200);
            assertThat(reply.has("use_webpush")).as("%s", reply).isFalse();
        }
    }

    @Test
    @WebPushChecklist(3)
    @DisplayName("W8.3 in data mode an unknown uaid gets a new uaid, with or without channels")
    void anUnknownUaidIsNeverAdoptedInDataMode() {
        for (List<String> channels : List.of(List.<String>of(), List.of(Wire.chid()))) {
            String unknown = Wire.unknownUaid();
            try (DeviceClient device = connect()) {
                String assigned = dataHello(device, unknown, channels).path("uaid").asText();
                assertThat(assigned).isNotEqualTo(unknown).matches(Wire.GENERATED_UAID);
            }
        }
    }

    // ---------------------------------------------------------------- W2

    @Test
    @WebPushChecklist(4)
    @DisplayName("W8.4 register with a padded or unpadded key gets a bound endpoint; an invalid key gets 400 and the socket stays open")
    void registerTakesAnApplicationServerKey() {
        Vapid vapid = new Vapid();
        try (DeviceClient device = connect()) {
            dataHello(device, null, List.of());
            for (String key : List.of(vapid.publicKeyPadded(), vapid.publicKey())) {
                JsonNode reply = register(device, Wire.chid(), key);
                assertThat(reply.path("status").asInt()).as("%s", reply).isEqualTo(200);
                String endpoint = reply.path("pushEndpoint").asText();
                assertThat(endpoint).matches(Wire.PUSH_ENDPOINT);
                // Bound: only that key's holder may send (W5.3).
                assertError(post(endpoint, aes128gcm(100), "60"), 401, 109);
            }
            for (String bad : List.of("not base64!", B64.encodeToString(new byte[65]),
                    B64.encodeToString(new byte[33]))) {
                JsonNode reply = register(device, Wire.chid(), bad);
                assertThat(reply.path("status").asInt()).as("key %s: %s", bad, reply).isEqualTo(400);
            }
            device.ping();
        }
    }

    // ---------------------------------------------------------------- W4 requests

    @Test
    @WebPushChecklist(5)
    @DisplayName("W8.5 a POST without TTL gets 400/111, a bad TTL 400/112, a TTL over the maximum is lowered")
    void ttlIsRequiredAndClamped() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            assertError(post(s.endpoint(), aes128gcm(100), headers("Content-Encoding", "aes128gcm")), 400, 111);
            for (String bad : List.of("-1", "abc", "1.5", "")) {
                assertError(post(s.endpoint(), aes128gcm(100), bad), 400, 112);
            }
            Response created = post(s.endpoint(), aes128gcm(100), "99999999999");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("TTL")).hasValue("2592000");
        }
    }

    @Test
    @WebPushChecklist(6)
    @DisplayName("W8.6 a bad Topic gets 400/113 and a bad Urgency 400/114")
    void topicAndUrgencyAreChecked() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            for (String topic : List.of("has space", "x".repeat(33), "dot.ted")) {
                assertError(post(s.endpoint(), aes128gcm(100),
                        headers("TTL", "60", "Content-Encoding", "aes128gcm", "Topic", topic)), 400, 113);
            }
            assertError(post(s.endpoint(), aes128gcm(100),
                    headers("TTL", "60", "Content-Encoding", "aes128gcm", "Urgency", "urgent")), 400, 114);
            assertThat(post(s.endpoint(), aes128gcm(100),
                    headers("TTL", "60", "Content-Encoding", "aes128gcm", "Urgency", "very-low")).status()).isEqualTo(201);
        }
    }

    @Test
    @WebPushChecklist(7)
    @DisplayName("W8.7 a body without or with an unknown encoding, a short aes128gcm body, and aesgcm without salt or dh are refused")
    void contentCodingsAreChecked() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            assertError(post(s.endpoint(), aes128gcm(100), headers("TTL", "60")), 400, 110);
            assertError(post(s.endpoint(), aes128gcm(100), headers("TTL", "60", "Content-Encoding", "gzip")), 400, 110);
            assertError(post(s.endpoint(), aes128gcm(85), "60"), 400, 110);
            assertError(post(s.endpoint(), new byte[100], headers("TTL", "60", "Content-Encoding", "aesgcm",
                    "Crypto-Key", "dh=BAAA")), 400, 101);
            assertError(post(s.endpoint(), new byte[100], headers("TTL", "60", "Content-Encoding", "aesgcm",
                    "Encryption", "salt=AAAA")), 400, 101);
        }
    }

    @Test
    @WebPushChecklist(8)
    @DisplayName("W8.8 a body of 4096 bytes is taken and one of 4097 gets 413/104")
    void theLargestBodyIs4096Bytes() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            byte[] largest = aes128gcm(4096);
            String id = messageId(post(s.endpoint(), largest, "60"));
            JsonNode message = receivePush(device);
            assertThat(dataOf(message)).isEqualTo(largest);
            ack(device, s.chid(), id, 100);
            assertError(post(s.endpoint(), aes128gcm(4097), "60"), 413, 104);
        }
    }

    @Test
    @WebPushChecklist(9)
    @DisplayName("W8.9 a forged token gets 404/102 and an unregistered channel 410/106")
    void forgedAndGoneEndpointsAreTold() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            String token = Wire.tokenOf(s.endpoint());
            String forged = s.endpoint().substring(0, s.endpoint().length() - token.length())
                    + (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
            assertError(post(forged, aes128gcm(100), "60"), 404, 102);
            device.unregister(s.chid());
            assertError(post(s.endpoint(), aes128gcm(100), "60"), 410, 106);
        }
    }

    @Test
    @WebPushChecklist(10)
    @DisplayName("W8.10 an accepted POST gets 201 with Location /m/<id> and TTL")
    void anAcceptedPostIsCreated() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            Response created = post(s.endpoint(), aes128gcm(100), "120");
            messageId(created);
            assertThat(created.header("TTL")).hasValue("120");
        }
    }

    // ---------------------------------------------------------------- W3 notifications

    @Test
    @WebPushChecklist(11)
    @DisplayName("W8.11 a connected data-mode device gets one notification with channelID, version = message id, ttl, data byte-exact and headers.encoding")
    void aConnectedDeviceGetsTheBodyByteExact() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            byte[] body = aes128gcm(300);
            String id = messageId(post(s.endpoint(), body, "90"));
            JsonNode message = receivePush(device);
            assertThat(Wire.fieldNames(message)).containsExactlyInAnyOrder("messageType", "channelID", "version", "ttl",
                    "data", "headers");
            assertThat(message.path("channelID").asText()).isEqualTo(s.chid());
            assertThat(message.path("version").isTextual()).isTrue();
            assertThat(message.path("version").asText()).isEqualTo(id);
            assertThat(message.path("ttl").asLong()).isEqualTo(90);
            assertThat(message.path("data").asText()).isEqualTo(B64.encodeToString(body));
            assertThat(message.path("headers").path("encoding").asText()).isEqualTo("aes128gcm");
            ack(device, s.chid(), id, 100);
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(12)
    @DisplayName("W8.12 an aesgcm message carries the encryption and crypto_key headers")
    void anAesgcmMessageCarriesItsHeaders() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            String encryption = "salt=" + B64.encodeToString(new byte[16]);
            String cryptoKey = "dh=" + B64.encodeToString(new Vapid().publicKeyBytes());
            messageId(post(s.endpoint(), new byte[50], headers("TTL", "60", "Content-Encoding", "aesgcm",
                    "Encryption", encryption, "Crypto-Key", cryptoKey)));
            JsonNode headers = receivePush(device).path("headers");
            assertThat(headers.path("encoding").asText()).isEqualTo("aesgcm");
            assertThat(headers.path("encryption").asText()).isEqualTo(encryption);
            assertThat(headers.path("crypto_key").asText()).isEqualTo(cryptoKey);
        }
    }

    @Test
    @WebPushChecklist(13)
    @DisplayName("W8.13 an empty body gives a notification without data and headers")
    void anEmptyBodyHasNoData() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            String id = messageId(post(s.endpoint(), new byte[0], headers("TTL", "60")));
            JsonNode message = receivePush(device);
            assertThat(message.path("version").asText()).isEqualTo(id);
            assertThat(message.has("data")).isFalse();
            assertThat(message.has("headers")).isFalse();
        }
    }

    @Test
    @WebPushChecklist(14)
    @DisplayName("W8.14 an offline device gets its messages after the hello reply, oldest first, one message each")
    void anOfflineDeviceGetsItsMessagesAfterHello() {
        Subscribed s = subscribe();
        s.device().close();
        List<byte[]> bodies = List.of(aes128gcm(100), aes128gcm(101), aes128gcm(102));
        List<String> ids = new ArrayList<>();
        for (byte[] body : bodies) {
            ids.add(messageId(post(s.endpoint(), body, "600")));
        }
        try (DeviceClient device = reconnect(s)) {
            for (int i = 0; i < bodies.size(); i++) {
                JsonNode message = receivePush(device);
                assertThat(message.path("version").asText()).isEqualTo(ids.get(i));
                assertThat(dataOf(message)).isEqualTo(bodies.get(i));
                ack(device, s.chid(), ids.get(i), 100);
            }
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(15)
    @DisplayName("W8.15 an unacked message is sent again after a reconnect and an acked one is not")
    void unackedMessagesComeAgain() {
        Subscribed s = subscribe();
        String acked;
        String unacked;
        try (DeviceClient device = s.device()) {
            acked = messageId(post(s.endpoint(), aes128gcm(100), "600"));
            assertThat(receivePush(device).path("version").asText()).isEqualTo(acked);
            ack(device, s.chid(), acked, 100);
            unacked = messageId(post(s.endpoint(), aes128gcm(100), "600"));
            assertThat(receivePush(device).path("version").asText()).isEqualTo(unacked);
            device.ping();
        }
        try (DeviceClient device = reconnect(s)) {
            assertThat(receivePush(device).path("version").asText()).isEqualTo(unacked);
            ack(device, s.chid(), unacked, 100);
            device.expectNoMessage(QUIET);
        }
        try (DeviceClient device = reconnect(s)) {
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(16)
    @DisplayName("W8.16 an ack with code 101 or 102 removes the message too, and an unknown message id is ignored")
    void everyAckCodeRemovesTheMessage() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            for (int code : List.of(101, 102)) {
                String id = messageId(post(s.endpoint(), aes128gcm(100), "600"));
                receivePush(device);
                ack(device, s.chid(), id, code);
            }
            ack(device, s.chid(), "not-a-message-id", 100);
            device.ping();
        }
        try (DeviceClient device = reconnect(s)) {
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(17)
    @DisplayName("W8.17 a nack is accepted without a reply or a close")
    void aNackIsRecordedOnly() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            String id = messageId(post(s.endpoint(), aes128gcm(100), "600"));
            receivePush(device);
            device.sendJson(Map.of("messageType", "nack", "version", id, "code", 301));
            device.ping();
            assertThat(device.isClosed()).isFalse();
        }
    }

    @Test
    @WebPushChecklist(18)
    @DisplayName("W8.18 a TTL 0 message to an offline device gets 201 and is never delivered")
    void ttlZeroIsNeverStored() {
        Subscribed s = subscribe();
        s.device().close();
        Response created = post(s.endpoint(), aes128gcm(100), "0");
        messageId(created);
        assertThat(created.header("TTL")).hasValue("0");
        try (DeviceClient device = reconnect(s)) {
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(19)
    @DisplayName("W8.19 an expired message is never delivered")
    void anExpiredMessageIsNeverDelivered() throws InterruptedException {
        Subscribed s = subscribe();
        s.device().close();
        messageId(post(s.endpoint(), aes128gcm(100), "1"));
        String kept = messageId(post(s.endpoint(), aes128gcm(100), "600"));
        // The condition is the passing of time itself: the first message's TTL runs out.
        Thread.sleep(2_100);
        try (DeviceClient device = reconnect(s)) {
            assertThat(receivePush(device).path("version").asText()).isEqualTo(kept);
            ack(device, s.chid(), kept, 100);
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(20)
    @DisplayName("W8.20 a message with a topic replaces the pending one of that topic, and its id is stable per topic")
    void aTopicReplacesThePendingMessage() {
        Subscribed s = subscribe();
        s.device().close();
        Map<String, String> topic = headers("TTL", "600", "Content-Encoding", "aes128gcm", "Topic", "scores");
        String first = messageId(post(s.endpoint(), aes128gcm(100), topic));
        byte[] newest = aes128gcm(120);
        String second = messageId(post(s.endpoint(), newest, topic));
        assertThat(second).isEqualTo(first);
        try (DeviceClient device = reconnect(s)) {
            JsonNode message = receivePush(device);
            assertThat(message.path("version").asText()).isEqualTo(second);
            assertThat(dataOf(message)).isEqualTo(newest);
            ack(device, s.chid(), second, 100);
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(21)
    @DisplayName("W8.21 DELETE /m/<id> gets 204 and the message is never delivered; a forged id gets 404/102")
    void aCancelledMessageIsNeverDelivered() {
        Subscribed s = subscribe();
        s.device().close();
        Response created = post(s.endpoint(), aes128gcm(100), "600");
        messageId(created);
        String location = created.header("Location").orElseThrow();
        assertThat(appServer.send("DELETE", gatewayPath(location), new byte[0], Map.of()).status()).isEqualTo(204);
        String path = gatewayPath(location);
        // Another ending than its own, or the "forged" id would be the real one.
        String forged = path.substring(0, path.length() - 2) + (path.endsWith("xx") ? "yy" : "xx");
        assertError(appServer.send("DELETE", forged, new byte[0], Map.of()), 404, 102);
        try (DeviceClient device = reconnect(s)) {
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    @WebPushChecklist(22)
    @DisplayName("W8.22 a POST over the pending cap gets 429/201 with Retry-After, and nothing accepted before is lost")
    void thePendingCapRefusesWithoutLosingAnything() {
        Subscribed s = subscribe();
        s.device().close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING_PER_CHANNEL; i++) {
            ids.add(messageId(post(s.endpoint(), aes128gcm(100), "600")));
        }
        Response refused = post(s.endpoint(), aes128gcm(100), "600");
        assertError(refused, 429, 201);
        assertThat(refused.header("Retry-After")).isPresent();
        List<String> received = new ArrayList<>();
        try (DeviceClient device = reconnect(s)) {
            while (received.size() < ids.size()) {
                String id = receivePush(device).path("version").asText();
                received.add(id);
                ack(device, s.chid(), id, 100);
            }
            device.expectNoMessage(QUIET);
        }
        assertThat(received).containsExactlyElementsOf(ids);
    }

    @Test
    @WebPushChecklist(23)
    @DisplayName("W8.23 more pending messages than webpush.max.unacked come in windows as acks arrive, each once")
    void pendingMessagesComeInWindows() {
        Subscribed s = subscribe();
        s.device().close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_UNACKED * 2; i++) {
            ids.add(messageId(post(s.endpoint(), aes128gcm(100), "600")));
        }
        try (DeviceClient device = reconnect(s)) {
            List<String> window = new ArrayList<>();
            for (int i = 0; i < MAX_UNACKED; i++) {
                window.add(receivePush(device).path("version").asText());
            }
            device.expectNoMessage(QUIET);
            assertThat(window).containsExactlyElementsOf(ids.subList(0, MAX_UNACKED));
            List<String> rest = new ArrayList<>();
            for (String id : window) {
                ack(device, s.chid(), id, 100);
                rest.add(receivePush(device).path("version").asText());
            }
            assertThat(rest).containsExactlyElementsOf(ids.subList(MAX_UNACKED, ids.size()));
            rest.forEach(id -> ack(device, s.chid(), id, 100));
            device.expectNoMessage(QUIET);
        }
    }

    // ---------------------------------------------------------------- W5 VAPID

    @Test
    @WebPushChecklist(24)
    @DisplayName("W8.24 valid VAPID in the vapid form and in the WebPush + Crypto-Key form gets 201")
    void bothVapidFormsAreAccepted() {
        Vapid vapid = new Vapid();
        Subscribed s = subscribe(vapid);
        try (DeviceClient device = s.device()) {
            String jwt = vapid.jwtFor(audience());
            messageId(post(s.endpoint(), aes128gcm(100),
                    headers("TTL", "60", "Content-Encoding", "aes128gcm", "Authorization", vapid.header(jwt))));
            messageId(post(s.endpoint(), aes128gcm(100), headers("TTL", "60", "Content-Encoding", "aes128gcm",
                    "Authorization", "WebPush " + jwt, "Crypto-Key", "p256ecdsa=" + vapid.publicKey())));
        }
    }

    @Test
    @WebPushChecklist(25)
    @DisplayName("W8.25 VAPID with a bad signature, another aud, a past exp, an exp over 24 h or no sub gets 401/109")
    void badVapidIsRefused() {
        Vapid vapid = new Vapid();
        Subscribed s = subscribe(vapid);
        long now = System.currentTimeMillis() / 1000;
        String good = vapid.jwtFor(audience());
        List<String> bad = List.of(
                good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA"),
                vapid.jwt(Vapid.claims("https://elsewhere.example", now + 3600, "mailto:a@b.c")),
                vapid.jwt(Vapid.claims(audience(), now - 3600, "mailto:a@b.c")),
                vapid.jwt(Vapid.claims(audience(), now + 25 * 3600, "mailto:a@b.c")),
                vapid.jwt(Vapid.claims(audience(), now + 3600, null)));
        try (DeviceClient device = s.device()) {
            for (String jwt : bad) {
                assertError(post(s.endpoint(), aes128gcm(100), headers("TTL", "60", "Content-Encoding", "aes128gcm",
                        "Authorization", vapid.header(jwt))), 401, 109);
            }
        }
    }

    @Test
    @WebPushChecklist(26)
    @DisplayName("W8.26 a restricted subscription refuses a POST without VAPID (401), with another key (403), and any PUT (403)")
    void aRestrictedSubscriptionTakesOnlyItsKey() {
        Vapid vapid = new Vapid();
        Vapid other = new Vapid();
        Subscribed s = subscribe(vapid);
        try (DeviceClient device = s.device()) {
            assertError(post(s.endpoint(), aes128gcm(100), "60"), 401, 109);
            assertError(post(s.endpoint(), aes128gcm(100), headers("TTL", "60", "Content-Encoding", "aes128gcm",
                    "Authorization", other.header(other.jwtFor(audience())))), 403, 109);
            assertThat(appServer.putVersion(s.endpoint(), 5).status()).isEqualTo(403);
            device.expectNoMessage(QUIET);
        }
    }

    // ---------------------------------------------------------------- W2.5, W6, W3.9, W2.2

    @Test
    @WebPushChecklist(27)
    @DisplayName("W8.27 broadcast_subscribe and unknown message types never close a data-mode socket")
    void broadcastSubscribeAndUnknownTypesKeepTheSocket() {
        try (DeviceClient device = connect()) {
            dataHello(device, null, List.of());
            device.send("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"0\\\"\"}}");
            device.ping();
            String unknown = "{\"messageType\":\"somethingNew\",\"x\":1}";
            device.send(unknown);
            Wire.assertEcho(device.receive(), unknown, 401);
            device.ping();
            assertThat(device.isClosed()).isFalse();
        }
    }

    @Test
    @WebPushChecklist(28)
    @DisplayName("W8.28 a PUT to a data-mode device is a message without data, newest version winning; a POST to a SimplePush device is a version update")
    void mixedModesMeetHalfWay() {
        Subscribed s = subscribe();
        s.device().close();
        assertThat(appServer.putVersion(s.endpoint(), 7).status()).isEqualTo(202);
        assertThat(appServer.putVersion(s.endpoint(), 8).status()).isEqualTo(202);
        try (DeviceClient device = reconnect(s)) {
            JsonNode message = receivePush(device);
            assertThat(message.path("channelID").asText()).isEqualTo(s.chid());
            assertThat(message.path("version").isTextual()).isTrue();
            assertThat(message.has("data")).isFalse();
            ack(device, s.chid(), message.path("version").asText(), 100);
            device.expectNoMessage(QUIET);
        }

        try (DeviceClient device = connect()) {
            String uaid = device.hello(null);
            String chid = Wire.chid();
            String endpoint = device.register(chid);
            long before = System.currentTimeMillis();
            messageId(post(endpoint, aes128gcm(100), "60"));
            var updates = device.receiveNotification();
            assertThat(updates).hasSize(1);
            assertThat(updates.get(0).channelId()).isEqualTo(chid);
            assertThat(updates.get(0).version()).isGreaterThanOrEqualTo(before);
            assertThat(updates.get(0).data()).isNull();
            assertThat(uaid).isNotEmpty();
        }
    }

    @Test
    @WebPushChecklist(29)
    @DisplayName("W8.29 unregister removes the channel's pending messages and a later POST gets 410")
    void unregisterRemovesPendingMessages() {
        Subscribed s = subscribe();
        s.device().close();
        messageId(post(s.endpoint(), aes128gcm(100), "600"));
        try (DeviceClient device = reconnect(s)) {
            receivePush(device);
            device.unregister(s.chid());
            assertError(post(s.endpoint(), aes128gcm(100), "600"), 410, 106);
        }
        try (DeviceClient device = connect()) {
            dataHello(device, s.uaid(), List.of());
            device.expectNoMessage(QUIET);
        }
    }

    // ---------------------------------------------------------------- W7

    @Test
    @WebPushChecklist(30)
    @DisplayName("W8.30 the audit trail has the message's whole life and never its payload, JWT, token or message id")
    void theAuditTrailKeepsNoSecrets() {
        Vapid vapid = new Vapid();
        Subscribed s = subscribe(vapid);
        byte[] body = aes128gcm(200);
        String jwt = vapid.jwtFor(audience());
        String id;
        try (DeviceClient device = s.device()) {
            id = messageId(post(s.endpoint(), body, headers("TTL", "60", "Content-Encoding", "aes128gcm",
                    "Authorization", vapid.header(jwt))));
            receivePush(device);
            device.sendJson(Map.of("messageType", "nack", "version", id, "code", 302));
            ack(device, s.chid(), id, 100);
            device.ping();
        }
        List<String> records = new ArrayList<>();
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "webpush-audit-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(cluster.topics().audit().name()));
            Awaitility.await("the message's life in the audit trail").atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (s.uaid().equals(record.key())) {
                        records.add(record.value());
                    }
                }
                // A live delivery's record also stands for its routing (AuditEvent.facts()).
                Set<AuditType> facts = records.stream()
                        .flatMap(value -> AUDIT.deserialize("audit", value.getBytes(StandardCharsets.UTF_8))
                                .facts().stream())
                        .map(AuditType::of).collect(Collectors.toSet());
                return facts.containsAll(List.of(AuditType.POSTED, AuditType.PUSH_ROUTED, AuditType.PUSH_DELIVERED,
                        AuditType.PUSH_ACKED, AuditType.NACKED));
            });
        }
        String all = String.join("\n", records);
        assertThat(all).doesNotContain(B64.encodeToString(body).substring(0, 40))
                .doesNotContain(jwt.substring(0, 40)).doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1))
                .doesNotContain(Wire.tokenOf(s.endpoint())).doesNotContain(id);
    }
}
