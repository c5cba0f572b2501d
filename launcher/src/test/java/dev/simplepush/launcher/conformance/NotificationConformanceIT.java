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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Spec §6, §7 and §13 with checklist items 33–38, 51 and 52: notifications, acks, versions. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationConformanceIT {
    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        // Pings serve as barriers here ("everything sent before was handled"), so no rate limit.
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

    /** A connected device with one registered channel. */
    private record Subscribed(DeviceClient device, String uaid, String chid, String endpoint) {
    }

    private Subscribed subscribe() {
        DeviceClient device = connect();
        String uaid = device.hello(null);
        String chid = Wire.chid();
        return new Subscribed(device, uaid, chid, device.register(chid));
    }

    @Test
    @Checklist(33)
    @DisplayName("§16.33 a PUT for a connected device gets 200 {} and a notification with the same numeric version")
    void aConnectedDeviceGetsTheVersionAsAJsonInteger() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            for (long version : List.of(5L, 6L, Long.MAX_VALUE)) {
                Response put = appServer.putVersion(s.endpoint(), version);
                assertThat(put.status()).isEqualTo(200);
                assertThat(put.body()).isEqualTo("{}");
                assertThat(put.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));

                JsonNode message = Wire.parse(device.receive());
                assertThat(Wire.fieldNames(message)).containsExactly("messageType", "updates");
                assertThat(message.path("messageType").asText()).isEqualTo("notification");
                assertThat(message.path("updates").size()).isEqualTo(1);
                JsonNode update = message.path("updates").get(0);
                assertThat(Wire.fieldNames(update)).containsExactlyInAnyOrder("channelID", "version");
                assertThat(update.path("channelID").asText()).isEqualTo(s.chid());
                assertThat(update.path("version").isIntegralNumber()).as("not a string: %s", update).isTrue();
                assertThat(update.path("version").longValue()).isEqualTo(version);
                device.ack(s.chid(), version);
            }
        }
    }

    @Test
    @Checklist(34)
    @DisplayName("§16.34 data appears only when the PUT had non-empty data, and then verbatim")
    void dataAppearsOnlyWhenThePutHadSome() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            String data = "a&b=c %20 +plus \"quoted\" \u00fc\u00df \ud83d\ude00 <tag> \\n";
            Map<String, String> withData = new LinkedHashMap<>();
            withData.put("version", "1");
            withData.put("data", data);
            assertThat(appServer.putForm(s.endpoint(), withData).status()).isEqualTo(200);
            JsonNode update = Wire.parse(device.receive()).path("updates").get(0);
            assertThat(update.path("data").isTextual()).isTrue();
            assertThat(update.path("data").textValue()).isEqualTo(data);
            device.ack(s.chid(), 1);

            assertThat(appServer.put(s.endpoint(), "version=2&data=").status()).isEqualTo(200);
            assertThat(Wire.parse(device.receive()).path("updates").get(0).has("data")).as("empty data").isFalse();
            device.ack(s.chid(), 2);

            assertThat(appServer.putVersion(s.endpoint(), 3).status()).isEqualTo(200);
            assertThat(Wire.parse(device.receive()).path("updates").get(0).has("data")).as("no data").isFalse();
        }
    }

    @Test
    @Checklist(35)
    @DisplayName("§16.35 a successful ack gets no reply; an ack with updates missing or empty gets the 401 echo")
    void anAckHasNoReplyButAnEmptyOneGets401() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            assertThat(appServer.putVersion(s.endpoint(), 8).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 8));
            device.ack(s.chid(), 8);
            // Answered in order (spec §1.8): a reply to the ack would come before the pong.
            device.send("{}");
            assertThat(device.receive()).isEqualTo("{}");
            // Malformed or unknown entries are ignored, also without a reply (spec §7.4).
            device.send("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + Wire.chid()
                    + "\",\"version\":1},{\"channelID\":5},\"junk\",{\"version\":\"x\"}]}");
            device.send("{}");
            assertThat(device.receive()).isEqualTo("{}");
        }
        for (String ack : List.of(
                "{\"messageType\":\"ack\"}",
                "{\"messageType\":\"ack\",\"updates\":[]}",
                "{\"messageType\":\"ack\",\"updates\":null}",
                "{\"messageType\":\"ack\",\"updates\":{\"channelID\":\"" + Wire.chid() + "\",\"version\":1}}")) {
            try (DeviceClient device = connect()) {
                device.hello(null);
                device.send(ack);
                Wire.assertEcho(device.receive(), ack, 401);
                assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            }
        }
    }

    @Test
    @Checklist(36)
    @DisplayName("§16.36 an unacked update is sent again after reconnect and hello; an acked one is not")
    void unackedUpdatesAreSentAgainAfterReconnect() {
        String acked = Wire.chid();
        String unacked = Wire.chid();
        String uaid;
        try (DeviceClient device = connect()) {
            uaid = device.hello(null);
            String ackedEndpoint = device.register(acked);
            String unackedEndpoint = device.register(unacked);
            assertThat(appServer.putVersion(ackedEndpoint, 1).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(acked, 1));
            assertThat(appServer.putForm(unackedEndpoint, Map.of("version", "2", "data", "live")).status())
                    .isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(new Update(unacked, 2, "live"));
            device.ack(acked, 1);
            device.ping();
        }
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, acked, unacked)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).as("re-sent without its data (spec §9.11)")
                    .containsExactly(Update.of(unacked, 2));
            device.expectNoMessage(Wire.QUIET);
            device.ack(unacked, 2);
            device.ping();
        }
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, acked, unacked)).isEqualTo(uaid);
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(37)
    @DisplayName("§16.37 acking below the pending version leaves it pending; acking at or above clears it")
    void anAckBelowThePendingVersionLeavesItPending() {
        String below = Wire.chid();
        String above = Wire.chid();
        String uaid;
        try (DeviceClient device = connect()) {
            uaid = device.hello(null);
            String belowEndpoint = device.register(below);
            String aboveEndpoint = device.register(above);
            assertThat(appServer.putVersion(belowEndpoint, 10).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(below, 10));
            assertThat(appServer.putVersion(aboveEndpoint, 10).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(above, 10));
            device.ack(below, 9);
            device.ack(above, 11);
            device.ping();
        }
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, below, above)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(below, 10));
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(38)
    @DisplayName("§16.38 an ack never causes other pending updates to be sent again")
    void anAckNeverResendsOtherPendingUpdates() {
        List<String> chids = Wire.chids(3);
        String uaid;
        List<String> endpoints;
        try (DeviceClient device = connect()) {
            uaid = device.hello(null);
            endpoints = chids.stream().map(device::register).toList();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(appServer.putVersion(endpoints.get(i), 100 + i).status()).isEqualTo(202);
        }
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, chids.toArray(String[]::new))).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactlyInAnyOrder(Update.of(chids.get(0), 100),
                    Update.of(chids.get(1), 101), Update.of(chids.get(2), 102));
            // Gecko acks a batch one item at a time; nothing may come back but the pongs.
            for (int i = 0; i < 3; i++) {
                device.ack(chids.get(i), 100 + i);
                device.send("{}");
                assertThat(device.receive()).as("after ack %d", i).isEqualTo("{}");
            }
            // Echoing the whole array at once works too (spec §7.1).
            device.send("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + chids.get(0)
                    + "\",\"version\":100},{\"channelID\":\"" + chids.get(1) + "\",\"version\":101}]}");
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(51)
    @DisplayName("§16.51 after an ack, a lower version is stored and delivered")
    void afterAnAckALowerVersionIsDelivered() {
        Subscribed s = subscribe();
        try (DeviceClient device = s.device()) {
            assertThat(appServer.putVersion(s.endpoint(), 10).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 10));
            device.ack(s.chid(), 10);
            // A barrier on the same path as the ack: the register is answered only after
            // streams-state has applied everything this socket sent before it, the ack included.
            device.register(s.chid());

            assertThat(appServer.putVersion(s.endpoint(), 5).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 5));
            assertThat(appServer.putVersion(s.endpoint(), 0).status()).as("0 is below the unacked 5: kept back")
                    .isEqualTo(200);
            device.expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(52)
    @DisplayName("§16.52 a lower version arriving while a higher one is pending gets its status but does not replace it")
    void aLowerVersionDoesNotReplaceAHigherPendingOne() {
        Subscribed s = subscribe();
        String uaid = s.uaid();
        try (DeviceClient device = s.device()) {
            assertThat(appServer.putVersion(s.endpoint(), 10).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 10));

            Response lower = appServer.putVersion(s.endpoint(), 9);
            assertThat(lower.status()).as("the status it would have had").isEqualTo(200);
            assertThat(lower.body()).isEqualTo("{}");
            device.expectNoMessage(Wire.QUIET);

            assertThat(appServer.putVersion(s.endpoint(), 10).status()).as("equal replaces").isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 10));
        }
        assertThat(appServer.putVersion(s.endpoint(), 3).status()).as("offline: stored status").isEqualTo(202);
        try (DeviceClient device = connect()) {
            assertThat(device.hello(uaid, s.chid())).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(s.chid(), 10));
            device.expectNoMessage(Wire.QUIET);
        }
    }
}
