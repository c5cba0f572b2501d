package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Spec §3.8, §4 and §5 with checklist items 24–32: commands before hello, register, unregister. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegisterConformanceIT {
    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        // Pings serve as barriers here, so no rate limit.
        deployment = Deployment.builder(cluster, stateDir).set("node.min.ping.interval", "0").nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private DeviceClient connect() {
        return DeviceClient.connect(deployment.node(0));
    }

    @Test
    @Checklist(24)
    @DisplayName("§16.24 register, unregister or ack before hello gets the 401 echo and a close")
    void commandsBeforeHelloGet401() {
        String chid = Wire.chid();
        for (String request : List.of(
                Wire.register(chid),
                "{\"messageType\":\"unregister\",\"channelID\":\"" + chid + "\"}",
                "{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + chid + "\",\"version\":23}]}")) {
            try (DeviceClient device = connect()) {
                device.send(request);
                Wire.assertEcho(device.receive(), request, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
        // Also after a ping and a purge, which are allowed before hello.
        try (DeviceClient device = connect()) {
            device.ping();
            device.send("{\"messageType\":\"purge\"}");
            assertThat(device.receive()).isEqualTo("{}");
            String register = Wire.register(chid);
            device.send(register);
            Wire.assertEcho(device.receive(), register, 401);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
    }

    @Test
    @Checklist(25)
    @DisplayName("§16.25 the register reply: 200, channelID, uaid and a pushEndpoint matching ^https?://.+/update/[A-Za-z0-9_-]+$")
    void theRegisterReplyHasTheSpecShape() {
        try (DeviceClient device = connect()) {
            String uaid = device.hello(null);
            String chid = Wire.chid();
            device.send(Wire.register(chid));
            JsonNode reply = Wire.parse(device.receive());

            assertThat(Wire.fieldNames(reply)).containsExactlyInAnyOrder("messageType", "uaid", "status", "channelID",
                    "pushEndpoint");
            assertThat(reply.path("messageType").asText()).isEqualTo("register");
            assertThat(reply.path("status").isInt()).isTrue();
            assertThat(reply.path("status").intValue()).isEqualTo(200);
            assertThat(reply.path("uaid").asText()).isEqualTo(uaid);
            assertThat(reply.path("channelID").asText()).isEqualTo(chid);
            String endpoint = reply.path("pushEndpoint").asText();
            assertThat(endpoint).matches(Wire.PUSH_ENDPOINT).startsWith(deployment.gatewayUrl() + "/update/");
            assertThat(deployment.tokens().decode(Wire.tokenOf(endpoint))).hasValueSatisfying(address -> {
                assertThat(address.uaid()).isEqualTo(uaid);
                assertThat(address.channelId()).isEqualTo(chid);
            });
        }
    }

    @Test
    @Checklist(26)
    @DisplayName("§16.26 register accepts 32-hex and dashed channel IDs, in either case, and echoes them as sent")
    void registerAcceptsHexAndDashedIds() {
        String dashed = UUID.randomUUID().toString();
        String upperDashed = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String hex = Wire.unknownUaid();
        String upperHex = Wire.unknownUaid().toUpperCase(Locale.ROOT);
        try (DeviceClient device = connect()) {
            device.hello(null);
            for (String chid : List.of(dashed, upperDashed, hex, upperHex)) {
                device.send(Wire.register(chid));
                JsonNode reply = Wire.parse(device.receive());
                assertThat(reply.path("status").intValue()).as("register %s", chid).isEqualTo(200);
                assertThat(reply.path("channelID").asText()).isEqualTo(chid);
                String endpoint = reply.path("pushEndpoint").asText();
                assertThat(endpoint).matches(Wire.PUSH_ENDPOINT);
                assertThat(appServer.putVersion(endpoint, 4).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 4));
            }
        }
    }

    @Test
    @Checklist(27)
    @DisplayName("§16.27 register with \"\", 34 hex digits, a non-string or only channelIDs gets the 401 echo and a close")
    void registerWithAnInvalidChannelIdGets401() {
        String hex = Wire.unknownUaid();
        for (String request : List.of(
                "{\"messageType\":\"register\",\"channelID\":\"\"}",
                "{\"messageType\":\"register\",\"channelID\":\"" + hex + "ab\"}",
                "{\"messageType\":\"register\",\"channelID\":\"" + hex.substring(1) + "\"}",
                "{\"messageType\":\"register\",\"channelID\":\"not-a-channel-id\"}",
                "{\"messageType\":\"register\",\"channelID\":42}",
                "{\"messageType\":\"register\",\"channelID\":null}",
                "{\"messageType\":\"register\",\"channelID\":[\"" + Wire.chid() + "\"]}",
                "{\"messageType\":\"register\",\"channelIDs\":[\"" + Wire.chid() + "\"]}",
                "{\"messageType\":\"register\"}")) {
            try (DeviceClient device = connect()) {
                device.hello(null);
                device.send(request);
                Wire.assertEcho(device.receive(), request, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(28)
    @DisplayName("§16.28 registering the same channel 100 times gets 200 every time")
    void registeringTheSameChannel100TimesSucceedsEachTime() {
        String chid = Wire.chid();
        try (DeviceClient device = connect()) {
            String uaid = device.hello(null);
            String endpoint = null;
            // In batches: replies must come back in order (spec §1.8) while requests queue up.
            for (int batch = 0; batch < 4; batch++) {
                for (int i = 0; i < 25; i++) {
                    device.send(Wire.register(chid));
                }
                for (int i = 0; i < 25; i++) {
                    JsonNode reply = Wire.parse(device.receive());
                    assertThat(reply.path("messageType").asText()).isEqualTo("register");
                    assertThat(reply.path("status").intValue()).as("register #%d", batch * 25 + i + 1).isEqualTo(200);
                    assertThat(reply.path("channelID").asText()).isEqualTo(chid);
                    assertThat(reply.path("uaid").asText()).isEqualTo(uaid);
                    endpoint = reply.path("pushEndpoint").asText();
                    assertThat(endpoint).matches(Wire.PUSH_ENDPOINT);
                }
            }
            assertThat(appServer.putVersion(endpoint, 100).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 100));
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(29)
    @DisplayName("§16.29 a PUT sent right after the register reply never gets 404")
    void aPutRightAfterTheRegisterReplyIsNever404() {
        try (DeviceClient device = connect()) {
            device.hello(null);
            for (int i = 1; i <= 20; i++) {
                String chid = Wire.chid();
                Response put = appServer.putVersion(device.register(chid), i);
                assertThat(put.status()).as("PUT #%d", i).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, i));
            }
        }
        String endpoint;
        try (DeviceClient leaving = connect()) {
            leaving.hello(null);
            endpoint = leaving.register(Wire.chid());
        }
        assertThat(appServer.putVersion(endpoint, 1).status()).as("stored, never 404").isEqualTo(202);
    }

    @Test
    @Checklist(30)
    @DisplayName("§16.30 unregister gets 200 with the channelID, also for unknown and repeated channels")
    void unregisterAlwaysGets200() {
        try (DeviceClient device = connect()) {
            device.hello(null);
            String chid = Wire.chid();
            device.register(chid);
            for (String channel : List.of(chid, chid, Wire.chid(), "not-even-an-id")) {
                String request = "{\"messageType\":\"unregister\",\"channelID\":\"" + channel + "\"}";
                device.send(request);
                JsonNode reply = Wire.parse(device.receive());
                assertThat(Wire.fieldNames(reply)).containsExactlyInAnyOrder("messageType", "status", "channelID");
                assertThat(reply.path("messageType").asText()).isEqualTo("unregister");
                assertThat(reply.path("status").isInt()).isTrue();
                assertThat(reply.path("status").intValue()).isEqualTo(200);
                assertThat(reply.path("channelID").asText()).isEqualTo(channel);
            }
            assertThat(device.isClosed()).isFalse();
        }
    }

    @Test
    @Checklist(31)
    @DisplayName("§16.31 unregister with a missing, empty or non-string channelID gets the 401 echo and a close")
    void unregisterWithoutAChannelIdGets401() {
        for (String request : List.of(
                "{\"messageType\":\"unregister\"}",
                "{\"messageType\":\"unregister\",\"channelID\":\"\"}",
                "{\"messageType\":\"unregister\",\"channelID\":null}",
                "{\"messageType\":\"unregister\",\"channelID\":7}",
                "{\"messageType\":\"unregister\",\"channelIDs\":[\"" + Wire.chid() + "\"]}")) {
            try (DeviceClient device = connect()) {
                device.hello(null);
                device.send(request);
                Wire.assertEcho(device.receive(), request, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(32)
    @DisplayName("§16.32 after unregister nothing arrives for that channel, live or in the next flush; PUT gets 404")
    void afterUnregisterNothingArrivesAndAPutGets404() {
        String gone = Wire.chid();
        String kept = Wire.chid();
        String uaid;
        String goneEndpoint;
        try (DeviceClient device = connect()) {
            uaid = device.hello(null);
            goneEndpoint = device.register(gone);
            String keptEndpoint = device.register(kept);
            // Both delivered and left unacked, so both are pending.
            assertThat(appServer.putVersion(goneEndpoint, 1).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(gone, 1));
            assertThat(appServer.putVersion(keptEndpoint, 2).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(kept, 2));

            device.unregister(gone);

            Response put = appServer.putVersion(goneEndpoint, 3);
            assertThat(put.status()).isEqualTo(404);
            assertThat(put.body()).isEqualTo("\"Invalid Token\"");
            device.expectNoMessage(java.time.Duration.ofSeconds(1));
        }
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, kept)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).as("the flush holds the kept channel only")
                    .containsExactly(Update.of(kept, 2));
            device.expectNoMessage(Wire.QUIET);
        }
        assertThat(appServer.putVersion(goneEndpoint, 4).status()).isEqualTo(404);
    }

    @Test
    @Checklist(56)
    @DisplayName("§16.56 a new channel beyond max_channels_per_uaid (500) gets register status 413 \"Too many channels\", "
            + "the socket stays open and known channels still register and deliver")
    void aNewChannelBeyondThePerUaidCapGets413AndTheSocketStaysOpen() {
        List<String> channels = Wire.chids(500);
        try (DeviceClient device = connect()) {
            device.hello(null);
            // Pipelined 50 at a time (node.max.queued.messages is 100): the replies come back in
            // order (spec §1.8), without a round trip each.
            for (int from = 0; from < channels.size(); from += 50) {
                List<String> window = channels.subList(from, from + 50);
                window.forEach(chid -> device.send(Wire.register(chid)));
                for (String chid : window) {
                    JsonNode reply = Wire.parse(device.receive());
                    assertThat(reply.path("status").intValue()).as("register %s", chid).isEqualTo(200);
                }
            }

            String extra = Wire.chid();
            device.send(Wire.register(extra));
            JsonNode refused = Wire.parse(device.receive());

            assertThat(refused.path("messageType").asText()).isEqualTo("register");
            assertThat(refused.path("status").isInt()).isTrue();
            assertThat(refused.path("status").intValue()).isEqualTo(413);
            assertThat(refused.path("error").asText()).isEqualTo("Too many channels");
            assertThat(refused.path("channelID").asText()).isEqualTo(extra);
            assertThat(refused.has("pushEndpoint")).isFalse();
            assertThat(device.isClosed()).as("the socket stays open").isFalse();

            String endpoint = device.register(channels.get(0));
            assertThat(appServer.putVersion(endpoint, 5).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(channels.get(0), 5));
            device.unregister(channels.get(1));
            assertThat(device.register(extra)).as("an unregister makes room").matches(Wire.PUSH_ENDPOINT);
        }
    }
}
