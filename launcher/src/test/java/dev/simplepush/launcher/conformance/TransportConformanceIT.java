package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Spec §1 and checklist items 1–4: the WebSocket upgrade, message sizes, what is not a JSON object. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportConformanceIT {
    private static final int KIB = 1024;
    /** {@code node.max.message.bytes}, default 1 MiB (spec §1.5). */
    private static final int MAX_MESSAGE_BYTES = 1024 * KIB;

    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.builder(cluster, stateDir).nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Checklist(1)
    @DisplayName("§16.1 upgrade on / works with and without push-notification, which is echoed when offered")
    void theUpgradeOnRootWorksWithAndWithoutTheSubprotocol() {
        try (DeviceClient plain = DeviceClient.connect(deployment.node(0))) {
            assertThat(plain.subprotocol()).as("nothing offered, nothing selected").isEmpty();
            assertThat(plain.hello(null)).matches(Wire.GENERATED_UAID);
        }
        try (DeviceClient gecko = DeviceClient.connect(deployment.node(0), DeviceClient.SUBPROTOCOL)) {
            assertThat(gecko.subprotocol()).isEqualTo("push-notification");
            assertThat(gecko.hello(null)).matches(Wire.GENERATED_UAID);
        }
    }

    @Test
    @Checklist(1)
    @DisplayName("§16.1 (§1.1, §1.7) the upgrade is also accepted on another path and from any Origin by default")
    void theUpgradeIsAcceptedOnAnyPathAndFromAnyOrigin() {
        URI elsewhere = deployment.node(0).resolve("/some/other/path");
        try (DeviceClient device = DeviceClient.connect(elsewhere, DeviceClient.SUBPROTOCOL,
                Map.of("Origin", "https://elsewhere.example:8443"))) {
            assertThat(device.subprotocol()).isEqualTo("push-notification");
            assertThat(device.hello(null)).matches(Wire.GENERATED_UAID);
        }
    }

    @Test
    @Checklist(2)
    @DisplayName("§16.2 a 200 KiB text message gets a JSON reply, not a transport close")
    void aMessageOf200KibGetsAJsonReply() {
        String bigUaid = "a".repeat(200 * KIB);
        String hello = Wire.write(Map.of("messageType", "hello", "uaid", bigUaid, "channelIDs", List.of()));
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(hello);
            // An invalid uaid reaches validation: echo error 503 (spec §3.3 rule 3).
            Wire.assertEcho(device.receive(), hello, 503);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
        String ping = Wire.write(Map.of("messageType", "ping", "padding", "p".repeat(200 * KIB)));
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(ping);
            assertThat(device.receive()).isEqualTo("{}");
            assertThat(device.hello(null)).matches(Wire.GENERATED_UAID);
        }
    }

    @Test
    @Checklist(2)
    @DisplayName("§16.2 (§1.4) a 200 KiB message sent in fragments is reassembled and answered")
    void aFragmentedMessageIsReassembledFirst() {
        String hello = Wire.write(Map.of("messageType", "hello", "uaid", "b".repeat(200 * KIB), "channelIDs",
                List.of()));
        int third = hello.length() / 3;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.sendFragmented(hello.substring(0, third), hello.substring(third, 2 * third),
                    hello.substring(2 * third));
            Wire.assertEcho(device.receive(), hello, 503);
        }
    }

    @Test
    @Checklist(3)
    @DisplayName("§16.3 a message over ws.max_message_bytes closes only that socket, with 1009")
    void aMessageOverTheLimitClosesOnlyItsSocketWith1009() {
        String tooBig = "{\"messageType\":\"ping\",\"padding\":\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}";
        assertThat(tooBig.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_MESSAGE_BYTES);
        try (DeviceClient bystander = DeviceClient.connect(deployment.node(0));
                DeviceClient offender = DeviceClient.connect(deployment.node(0))) {
            String uaid = bystander.hello(null);
            offender.hello(null);

            offender.send(tooBig);

            assertThat(offender.awaitClose(Wire.TIMEOUT)).isEqualTo(1009);
            offender.expectNoMessage(Duration.ofMillis(100));
            bystander.ping();
            assertThat(bystander.hello(uaid)).as("the other socket still works").isEqualTo(uaid);
            assertThat(bystander.isClosed()).isFalse();
        }
    }

    @Test
    @Checklist(4)
    @DisplayName("§16.4 a binary frame closes the socket without a reply (1003), before and after hello")
    void aBinaryFrameClosesWithoutAReply() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.sendBinary("{\"messageType\":\"hello\",\"channelIDs\":[]}".getBytes(StandardCharsets.UTF_8));
            assertThat(closedWithoutReply(device)).isEqualTo(1003);
        }
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            device.sendBinary(new byte[] {0, 1, 2, 3});
            assertThat(closedWithoutReply(device)).isEqualTo(1003);
        }
    }

    @Test
    @Checklist(4)
    @DisplayName("§16.4 (§1.8) a binary frame right behind a hello closes the socket only after the hello reply")
    void aBinaryFrameIsHandledInArrivalOrder() {
        for (int i = 0; i < 3; i++) {
            try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
                device.send("{\"messageType\":\"hello\",\"channelIDs\":[]}");
                device.sendBinary(new byte[] {1, 2, 3});
                device.send("{}");
                JsonNode reply = Wire.parse(device.receive());
                assertThat(reply.path("messageType").asText()).isEqualTo("hello");
                assertThat(reply.path("status").asInt()).isEqualTo(200);
                assertThat(closedWithoutReply(device)).as("nothing after the binary frame is answered").isEqualTo(1003);
            }
        }
    }

    @Test
    @Checklist(4)
    @DisplayName("§16.4 non-JSON text, a JSON array, number, string or null closes the socket without a reply")
    void textThatIsNotAJsonObjectClosesWithoutAReply() {
        List<String> bodies = List.of("hello", "{\"messageType\":\"hello\"", "[1,2,3]",
                "[{\"messageType\":\"hello\",\"channelIDs\":[]}]", "42", "\"hello\"", "null", "true",
                "{\"messageType\":\"hello\",\"channelIDs\":[]} trailing");
        for (String body : bodies) {
            try (DeviceClient before = DeviceClient.connect(deployment.node(0));
                    DeviceClient after = DeviceClient.connect(deployment.node(0))) {
                after.hello(null);
                before.send(body);
                after.send(body);
                assertThat(closedWithoutReply(before)).as("before hello: %s", body).isNotEqualTo(Wire.WAKE_UP_CLOSE);
                assertThat(closedWithoutReply(after)).as("after hello: %s", body).isNotEqualTo(Wire.WAKE_UP_CLOSE);
            }
        }
    }

    /** Awaits the close and checks nothing came before it; returns the close code. */
    static int closedWithoutReply(DeviceClient device) {
        int code = device.awaitClose(Wire.TIMEOUT);
        // The close is queued behind anything that arrived first, so this sees a reply at once.
        device.expectNoMessage(Duration.ofMillis(50));
        return code;
    }
}
