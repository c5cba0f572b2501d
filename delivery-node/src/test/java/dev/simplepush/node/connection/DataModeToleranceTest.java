package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** webpush.md W2.5, W6.1 and W8 item 27: what never closes a data-mode socket. */
class DataModeToleranceTest {
    private static final String SUBSCRIBE = "{\"messageType\":\"broadcast_subscribe\","
            + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"1700\\\"\"}}";

    private final ConnectionHarness h = new ConnectionHarness();

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "NOTIFICATION", "broadcast", "Subscribe_Topic"})
    void anUnknownTypeInDataModeIsEchoed401AndTheSocketStaysOpen(String type) {
        h.identifiedInDataMode();

        h.receive("{\"messageType\":\"" + type + "\",\"x\":[1]}");

        assertThat(h.socket.last()).isEqualTo("{\"messageType\":\"" + type + "\",\"x\":[1],\"status\":401,"
                + "\"error\":\"Invalid Command\"}");
        assertThat(h.socket.closed()).isFalse();
        h.receive("{\"messageType\":\"ping\"}");
        assertThat(h.socket.last()).isEqualTo("{}");
    }

    @Test
    void anUnknownTypeInSimplePushModeStillCloses() {
        h.identified();

        h.receive("{\"messageType\":\"frobnicate\"}");

        assertThat(h.socket.last()).contains("\"status\":401");
        assertThat(h.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aMissingTypeInDataModeStillCloses() {
        h.identifiedInDataMode();

        h.receive("{\"x\":1}");

        assertThat(h.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aBroadcastSubscribeInDataModeIsAcceptedSilentlyWhileNoBroadcastIsKnown() {
        h.identifiedInDataMode();
        int sent = h.socket.sent.size();

        h.receive(SUBSCRIBE);

        assertThat(h.socket.sent).hasSize(sent);
        assertThat(h.socket.closed()).isFalse();
        assertThat(h.outbound.events).hasSize(1);
    }

    @Test
    void aBroadcastSubscribeInSimplePushModeOrBeforeHelloNeverCloses() {
        h.receive(SUBSCRIBE);
        h.identified();
        h.receive(SUBSCRIBE);

        assertThat(h.socket.sent).hasSize(1);
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void aBroadcastSubscribeIsAnsweredWithTheVersionsThatDifferOnceASourceKnowsThem() {
        BroadcastVersions served = client -> client.containsKey("remote-settings/monitor_changes")
                ? Map.of("remote-settings/monitor_changes", "\"1800\"") : Map.of();
        ConnectionHarness serving = new ConnectionHarness(served);
        serving.identifiedInDataMode();

        serving.receive(SUBSCRIBE);
        serving.receive("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"other\":\"1\"}}");

        assertThat(serving.socket.sent).hasSize(2);
        assertThat(serving.socket.last()).isEqualTo("{\"messageType\":\"broadcast\","
                + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"1800\\\"\"}}");
    }

    @Test
    void aSecondDataModeHelloWithAnotherUaidStillGets503AndACloseAsInSimplePush() {
        h.identifiedInDataMode();

        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID.replace('9', '8') + "\",\"use_webpush\":true}");

        assertThat(h.socket.last()).contains("\"status\":503");
        assertThat(h.socket.closeCode).isEqualTo(1000);
    }
}
