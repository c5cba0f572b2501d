package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** webpush.md W1.1, W1.3 and W8 items 1 and 2: which hellos put a connection in data mode. */
class DataModeHelloTest {
    private static final String WEBPUSH_REPLY = "{\"messageType\":\"hello\",\"uaid\":\"" + UAID
            + "\",\"status\":200,\"use_webpush\":true,\"broadcasts\":{}}";
    private static final String SIMPLEPUSH_REPLY = "{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"status\":200}";

    private final ConnectionHarness h = new ConnectionHarness();

    @Test
    void aHelloWithUseWebpushIsAnsweredWithUseWebpushAndBroadcasts() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true,\"broadcasts\":{}}");

        assertThat(h.lastHello().webPush()).isTrue();
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).containsExactly(WEBPUSH_REPLY);
        assertThat(h.connection.dataMode()).isTrue();
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void aHelloWithoutUseWebpushIsAnsweredAsSimplePushWithoutUseWebpush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");

        assertThat(h.lastHello().webPush()).isFalse();
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).containsExactly(SIMPLEPUSH_REPLY);
        assertThat(h.connection.dataMode()).isFalse();
    }

    @Test
    void aSimplePushHelloWithBroadcastsIsToleratedAndItsReplyStillHasNoUseWebpush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":false,"
                + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"0\\\"\"}}");
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).containsExactly(SIMPLEPUSH_REPLY);
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void withWebPushDisabledAUseWebpushHelloIsAnsweredAsSimplePush() {
        ConnectionHarness off = new ConnectionHarness(
                ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100).withWebPush(false));

        off.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true}");
        assertThat(off.lastHello().webPush()).isFalse();
        off.answerHello(HelloOutcome.ACCEPTED);

        assertThat(off.socket.sent).containsExactly(SIMPLEPUSH_REPLY);
        assertThat(off.connection.dataMode()).isFalse();
    }

    @Test
    void aResetDataModeHelloAsksAgainInDataMode() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true}");
        h.answerHello(HelloOutcome.RESET);

        assertThat(h.lastHello().uaid()).isNotEqualTo(UAID);
        assertThat(h.lastHello().webPush()).isTrue();
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.last()).contains("\"use_webpush\":true");
    }

    @Test
    void theLatestHelloOnASocketDecidesItsMode() {
        h.identifiedInDataMode();
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");

        assertThat(h.lastHello().webPush()).isFalse();
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.last()).isEqualTo(SIMPLEPUSH_REPLY);
        assertThat(h.connection.dataMode()).isFalse();
    }

    @Test
    void theHelloReplyCarriesTheBroadcastVersionsThatDifferFromTheDevices() {
        BroadcastVersions served = client -> Map.of("remote-settings/monitor_changes", "\"1800\"");
        ConnectionHarness serving = new ConnectionHarness(served);

        serving.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true,"
                + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"1700\\\"\"}}");
        serving.answerHello(HelloOutcome.ACCEPTED);

        assertThat(serving.socket.last()).isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"" + UAID
                + "\",\"status\":200,\"use_webpush\":true,"
                + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"1800\\\"\"}}");
    }

    @Test
    void aDataModeFlushIsWaitedForLikeASimplePushOne() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true}");
        h.command(new NodeCommand.HelloResult(NODE_ID, h.connection.id(), UAID, HelloOutcome.ACCEPTED, true));
        h.receive("{\"messageType\":\"ping\"}");

        assertThat(h.socket.sent).containsExactly(WEBPUSH_REPLY);
        h.command(h.pushDelivery(null, h.pushMessage("a", "k1", "AAAA")));

        assertThat(h.socket.sent).hasSize(3);
        assertThat(h.socket.sent.get(1)).contains("\"messageType\":\"notification\"", "\"data\":\"AAAA\"");
        assertThat(h.socket.sent.get(2)).isEqualTo("{}");
    }

    @Test
    void aFirstGeckoHelloWithoutUaidOrChannelIdsAsksForAGeneratedUaidInDataMode() {
        h.receive("{\"messageType\":\"hello\",\"use_webpush\":true,\"broadcasts\":{}}");

        assertThat(h.lastHello().webPush()).isTrue();
        assertThat(h.lastHello().generated()).isTrue();
        assertThat(h.lastHello().channelCount()).isZero();
    }
}
