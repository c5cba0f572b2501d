package dev.simplepush.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Update;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceClientTest {
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final Duration SHORT = Duration.ofMillis(200);

    private FakePushServer server;

    @BeforeEach
    void startServer() throws InterruptedException {
        server = FakePushServer.startListening();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void helloReturnsTheUaidOfTheReplyAndRegisterThePushEndpoint() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            assertThat(device.hello(null)).isEqualTo(FakePushServer.UAID);
            assertThat(device.register(CHID)).isEqualTo("http://localhost/update/T-" + CHID);
        }
    }

    @Test
    void theOfferedSubprotocolIsReportedWhenTheServerSelectsIt() {
        try (DeviceClient device = DeviceClient.connect(server.uri(), DeviceClient.SUBPROTOCOL)) {
            assertThat(device.subprotocol()).isEqualTo(DeviceClient.SUBPROTOCOL);
        }
    }

    @Test
    void aFragmentedTextMessageIsReceivedWhole() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("fragment");

            JsonNode message = device.receiveJson();

            assertThat(message.path("part").asText()).isEqualTo("one");
            assertThat(message.path("done").asBoolean()).isTrue();
        }
    }

    @Test
    void fragmentsSentByTheDeviceArriveAsOneMessage() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.sendFragmented("{\"messageType\":\"hel", "lo\",\"channelIDs\":[]}");

            assertThat(device.receiveJson().path("uaid").asText()).isEqualTo(FakePushServer.UAID);
        }
    }

    @Test
    void sendJsonWritesMapsAndPassesStringsThrough() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.sendJson(Map.of("messageType", "ping"));
            device.sendJson("{\"messageType\":\"purge\"}");

            assertThat(device.receive()).isEqualTo("{\"messageType\":\"ping\"}");
            assertThat(device.receive()).isEqualTo("{\"messageType\":\"purge\"}");
        }
    }

    @Test
    void aNotificationIsReadAsUpdatesWithTheWireFieldNames() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("{\"messageType\":\"notification\",\"updates\":[{\"channelID\":\"" + CHID
                    + "\",\"version\":5},{\"channelID\":\"b\",\"version\":6,\"data\":\"x\"}]}");

            assertThat(device.receiveNotification()).containsExactly(Update.of(CHID, 5), new Update("b", 6, "x"));
        }
    }

    @Test
    void anAckIsSentInTheProtocolShape() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.ack(CHID, 5);

            JsonNode echoed = device.receiveJson();
            assertThat(echoed.path("messageType").asText()).isEqualTo("ack");
            assertThat(echoed.path("updates")).hasSize(1);
            assertThat(echoed.path("updates").get(0).path("channelID").asText()).isEqualTo(CHID);
            assertThat(echoed.path("updates").get(0).path("version").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void receiveFailsWithAClearMessageWhenNothingArrives() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("silence");

            assertThatThrownBy(() -> device.receive(SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no message from ws://127.0.0.1:")
                    .hasMessageContaining("within 200 ms");
        }
    }

    @Test
    void expectNoMessageFailsWhenOneArrives() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("silence");
            device.expectNoMessage(SHORT);

            device.send("{\"surprise\":1}");
            assertThatThrownBy(() -> device.expectNoMessage(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but got: {\"surprise\":1}");
        }
    }

    @Test
    void awaitCloseReturnsTheServersCodeAndLaterReceivesFailAtOnce() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("close");

            assertThat(device.awaitClose(Duration.ofSeconds(5))).isEqualTo(4000);
            assertThat(device.isClosed()).isTrue();
            assertThatThrownBy(() -> device.receive(Duration.ofMinutes(1)))
                    .hasMessageContaining("closed with code 4000 (told to) before a message arrived");
            device.expectNoMessage(SHORT);
        }
    }

    @Test
    void aHelperFailsWhenTheNextMessageIsNotItsReply() {
        try (DeviceClient device = DeviceClient.connect(server.uri())) {
            device.send("{\"messageType\":\"notification\",\"updates\":[]}");

            assertThatThrownBy(() -> device.register(CHID))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a register message")
                    .hasMessageContaining("notification");
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        DeviceClient device = DeviceClient.connect(server.uri());
        device.close();

        assertThatCode(device::close).doesNotThrowAnyException();
        assertThat(device.isClosed()).isTrue();
    }

    @Test
    void closeSendsANormalClosureToTheServer() throws InterruptedException {
        DeviceClient device = DeviceClient.connect(server.uri());
        device.close();

        assertThat(server.awaitCloseFromClient(Duration.ofSeconds(10))).isEqualTo(1000);
    }
}
