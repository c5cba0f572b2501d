package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
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

/** Spec §8 with checklist items 39–41: ping forms, the rate limit, purge; through Java-WebSocket. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PingConformanceIT {
    private static final int NO_LIMIT = 0;
    private static final int DEFAULT_LIMIT = 1;
    private static final int SHORT_LIMIT = 2;
    /** Node 2's {@code node.min.ping.interval}. */
    private static final Duration SHORT_INTERVAL = Duration.ofSeconds(1);

    /** Every form of spec §8.1 that must get exactly {@code {}}. */
    private static final List<String> PING_FORMS = List.of("{}", "{ }", " { } ", "\t{\n}\r\n", "", "x", "{", "}", " ", "  \n ",
            "{\"messageType\":\"ping\"}", "{\"messageType\":\"PING\",\"extra\":[1]}");

    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.builder(cluster, stateDir)
                .node(Map.of("node.min.ping.interval", "0"))
                .node(Map.of())
                .node(Map.of("node.min.ping.interval", SHORT_INTERVAL.toMillis() + "ms"))
                .start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private JavaWebSocketDevice connect(int node) {
        return JavaWebSocketDevice.connect(deployment.node(node));
    }

    @Test
    @Checklist(39)
    @DisplayName("§16.39 {}, { }, {\"messageType\":\"ping\"} and an empty message get exactly {}, before and after hello")
    void everyPingFormGetsExactlyAnEmptyObject() {
        try (JavaWebSocketDevice device = connect(NO_LIMIT)) {
            for (String ping : PING_FORMS) {
                device.send(ping);
                assertThat(device.receive()).as("before hello: [%s]", ping).isEqualTo("{}");
            }
            String uaid = device.hello(null);
            for (String ping : PING_FORMS) {
                device.send(ping);
                assertThat(device.receive()).as("after hello: [%s]", ping).isEqualTo("{}");
            }
            assertThat(device.hello(uaid)).as("still the same session").isEqualTo(uaid);
        }
    }

    @Test
    @Checklist(39)
    @DisplayName("§16.39 (§8.1) the first ping is answered with exactly {} under the default limit, before and after hello")
    void theFirstPingGetsExactlyAnEmptyObjectUnderTheDefaultLimit() {
        for (String ping : PING_FORMS) {
            try (JavaWebSocketDevice before = connect(DEFAULT_LIMIT); JavaWebSocketDevice after = connect(DEFAULT_LIMIT)) {
                after.hello(null);
                before.send(ping);
                after.send(ping);
                assertThat(before.receive()).as("before hello: [%s]", ping).isEqualTo("{}");
                assertThat(after.receive()).as("after hello: [%s]", ping).isEqualTo("{}");
            }
        }
    }

    @Test
    @Checklist(39)
    @DisplayName("§16.39 (§8.1) other brace-and-whitespace bodies such as {{}} close the socket without a reply")
    void otherBraceBodiesCloseWithoutAReply() {
        for (String body : List.of("{{}}", "{ { } }", "{}{}", "}{", "{ ", " }")) {
            try (JavaWebSocketDevice device = connect(NO_LIMIT)) {
                device.hello(null);
                device.send(body);
                assertThat(device.awaitClose(Wire.TIMEOUT)).as("closed after [%s]", body)
                        .isNotEqualTo(Wire.WAKE_UP_CLOSE);
                device.expectNoMessage(Duration.ofMillis(50));
            }
        }
    }

    @Test
    @Checklist(40)
    @DisplayName("§16.40 the first ping is always answered; another within min_ping_interval gets the 401 echo and a close")
    void aSecondPingTooSoonGets401() {
        try (JavaWebSocketDevice device = connect(DEFAULT_LIMIT)) {
            device.ping();
            device.send("{}");
            // A bare ping is echoed as the empty object it stands for.
            Wire.assertEcho(device.receive(), "{}", 401);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
        try (JavaWebSocketDevice device = connect(DEFAULT_LIMIT)) {
            device.hello(null);
            device.send("{\"messageType\":\"ping\"}");
            assertThat(device.receive()).isEqualTo("{}");
            String second = "{\"messageType\":\"Ping\",\"seq\":2}";
            device.send(second);
            Wire.assertEcho(device.receive(), second, 401);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
    }

    @Test
    @Checklist(40)
    @DisplayName("§16.40 a ping after min_ping_interval is answered again; 0 turns the limit off")
    void aPingAfterTheIntervalIsAnsweredAgain() {
        try (JavaWebSocketDevice device = connect(SHORT_LIMIT)) {
            device.hello(null);
            device.ping();
            long answered = System.nanoTime();
            // The rule is about elapsed time, so the test lets the interval elapse, watching for silence.
            while (Duration.ofNanos(System.nanoTime() - answered).compareTo(SHORT_INTERVAL.plusMillis(100)) < 0) {
                device.expectNoMessage(Duration.ofMillis(200));
            }
            device.ping();
            device.send("{}");
            Wire.assertEcho(device.receive(), "{}", 401);
        }
        try (JavaWebSocketDevice device = connect(NO_LIMIT)) {
            for (int i = 0; i < 10; i++) {
                device.ping();
            }
        }
    }

    @Test
    @Checklist(41)
    @DisplayName("§16.41 purge gets {} before and after hello, and the socket stays open")
    void purgeGetsAnEmptyObjectAndTheSocketStaysOpen() {
        try (JavaWebSocketDevice device = connect(DEFAULT_LIMIT)) {
            device.send("{\"messageType\":\"purge\"}");
            assertThat(device.receive()).isEqualTo("{}");
            String uaid = device.hello(null);
            device.send("{\"messageType\":\"PURGE\",\"channelIDs\":[]}");
            assertThat(device.receive()).isEqualTo("{}");
            device.ping();
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            assertThat(device.isClosed()).isFalse();
        }
    }
}
