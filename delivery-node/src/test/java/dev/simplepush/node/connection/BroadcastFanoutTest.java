package dev.simplepush.node.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.node.broadcast.BroadcastSettings;
import dev.simplepush.node.broadcast.NodeBroadcasts;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.broadcast.Broadcast;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's broadcasts (webpush.md W6) over real connections: hello and broadcast_subscribe
 * answers, bounds, and the fan-out of a change, in either mode.
 */
class BroadcastFanoutTest {
    private static final String ID = "remote-settings/monitor_changes";
    private static final String FIREFOX_HELLO = "{\"messageType\":\"hello\",\"uaid\":\"" + ConnectionHarness.UAID
            + "\",\"use_webpush\":true,\"broadcasts\":{\"" + ID + "\":\"\\\"0\\\"\"}}";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BroadcastTable table = new BroadcastTable();
    private NodeBroadcasts broadcasts = new NodeBroadcasts(table, BroadcastSettings.DEFAULT, meters, "fanout-test");
    private long offset;

    @AfterEach
    void stop() {
        broadcasts.close();
    }

    private void set(String id, String version) {
        if (table.apply(offset++, id, new Broadcast(id, version, 1L, "cli"))) {
            broadcasts.changed(id, version);
        }
    }

    /** Waits until {@code count} fan-outs have finished. */
    private void awaitFanOuts(long count) {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> meters.get(MetricName.NODE_BROADCAST_FANOUT.meterName()).timer().count() >= count);
    }

    private ConnectionHarness firefox() {
        ConnectionHarness device = new ConnectionHarness(broadcasts);
        device.receive(FIREFOX_HELLO);
        device.answerHello(NodeCommand.HelloOutcome.ACCEPTED);
        return device;
    }

    @Test
    void theHelloReplyCarriesTheCurrentVersionWhenItDiffersFromTheDevices() {
        set(ID, "\"1700\"");
        awaitFanOuts(1);

        ConnectionHarness device = firefox();

        assertThat(device.socket.sent).containsExactly("{\"messageType\":\"hello\",\"uaid\":\""
                + ConnectionHarness.UAID + "\",\"status\":200,\"use_webpush\":true,"
                + "\"broadcasts\":{\"" + ID + "\":\"\\\"1700\\\"\"}}");
    }

    @Test
    void aChangeReachesEverySubscribedDeviceOnceAndNoOtherDevice() {
        List<ConnectionHarness> subscribed = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            subscribed.add(firefox());
        }
        ConnectionHarness other = new ConnectionHarness(broadcasts).identifiedInDataMode();

        set(ID, "\"1800\"");
        awaitFanOuts(1);

        String frame = "{\"messageType\":\"broadcast\",\"broadcasts\":{\"" + ID + "\":\"\\\"1800\\\"\"}}";
        for (ConnectionHarness device : subscribed) {
            assertThat(device.socket.sent).filteredOn(frame::equals).hasSize(1);
        }
        assertThat(other.socket.sent).noneMatch(text -> text.contains("broadcast\""));
        assertThat(broadcasts.subscribers(ID)).isEqualTo(600);
    }

    @Test
    void aDeviceThatAlreadyHasTheVersionIsNotToldItAgain() {
        set(ID, "\"1800\"");
        awaitFanOuts(1);
        ConnectionHarness device = new ConnectionHarness(broadcasts).identifiedInDataMode();
        device.receive("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"" + ID + "\":\"\\\"1800\\\"\"}}");

        set("other/id", "1");
        set(ID, "\"1800\"");
        awaitFanOuts(2);

        assertThat(device.socket.sent).hasSize(1);
    }

    @Test
    void aFanOutIsPacedToTheConfiguredRateOfConnectionsPerSecond() {
        broadcasts.close();
        broadcasts = new NodeBroadcasts(table, new BroadcastSettings(64, 200, 100, 2_000), meters, "fanout-test");
        List<ConnectionHarness> subscribed = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            subscribed.add(firefox());
        }

        set(ID, "\"2200\"");
        awaitFanOuts(1);

        // The sixth chunk of 100 may start 500 connections / 2,000 per second = 250 ms in, not before.
        assertThat(meters.get(MetricName.NODE_BROADCAST_FANOUT.meterName()).timer().max(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(250);
        assertThat(subscribed).allSatisfy(device -> assertThat(device.socket.last()).contains("2200"));
    }

    @Test
    void aChangeIsRenderedOnceForAllItsSubscribersAndAgainForTheNextVersion() {
        String first = broadcasts.frame(ID, "\"2300\"");

        assertThat(broadcasts.frame(ID, "\"2300\"")).isSameAs(first)
                .isEqualTo("{\"messageType\":\"broadcast\",\"broadcasts\":{\"" + ID + "\":\"\\\"2300\\\"\"}}");
        assertThat(broadcasts.frame(ID, "\"2301\"")).contains("2301");
        assertThat(broadcasts.frame("other/id", "\"2301\"")).contains("other/id");
    }

    @Test
    void theFanOutScheduleSpreadsConnectionsOverTimeUnlessTheRateIsZero() {
        assertThat(new BroadcastSettings(64, 200, 64, 12_000).dueNanos(19_000)).isEqualTo(1_583_333_333L);
        assertThat(new BroadcastSettings(64, 200, 64, 0).dueNanos(19_000)).isZero();
        assertThat(BroadcastSettings.DEFAULT.fanoutRate()).isPositive();
    }

    @Test
    void aSimplePushModeDeviceIsServedTooButOneSubscribingToNothingSeesTheSameHelloReplyAsBefore() {
        set(ID, "\"1900\"");
        awaitFanOuts(1);
        ConnectionHarness plain = new ConnectionHarness(broadcasts).identified();
        ConnectionHarness subscribing = new ConnectionHarness(broadcasts);
        subscribing.receive("{\"messageType\":\"hello\",\"uaid\":\"" + ConnectionHarness.UAID
                + "\",\"channelIDs\":[],\"broadcasts\":{\"" + ID + "\":\"1\"}}");
        subscribing.answerHello(NodeCommand.HelloOutcome.ACCEPTED);

        set(ID, "\"2000\"");
        awaitFanOuts(2);

        assertThat(plain.socket.sent).containsExactly("{\"messageType\":\"hello\",\"uaid\":\""
                + ConnectionHarness.UAID + "\",\"status\":200}");
        assertThat(subscribing.socket.sent).containsExactly(
                "{\"messageType\":\"hello\",\"uaid\":\"" + ConnectionHarness.UAID + "\",\"status\":200,"
                        + "\"broadcasts\":{\"" + ID + "\":\"\\\"1900\\\"\"}}",
                "{\"messageType\":\"broadcast\",\"broadcasts\":{\"" + ID + "\":\"\\\"2000\\\"\"}}");
    }

    @Test
    void aClosedConnectionNoLongerFollowsItsIds() {
        ConnectionHarness device = firefox();
        assertThat(broadcasts.subscribers(ID)).isEqualTo(1);

        device.connection.transportClosed();

        assertThat(broadcasts.subscribers(ID)).isZero();
    }

    @Test
    void idsPastTheCountOrLengthBoundsAreIgnoredAndCountedWithoutAClose() {
        broadcasts.close();
        broadcasts = new NodeBroadcasts(table, new BroadcastSettings(2, 10, 256, 0), meters, "fanout-test");
        ConnectionHarness device = new ConnectionHarness(broadcasts).identifiedInDataMode();

        device.receive("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"a/1\":\"0\",\"a/2\":\"0\","
                + "\"a/3\":\"0\",\"" + "b".repeat(20) + "/x\":\"0\"}}");

        assertThat(broadcasts.subscribers("a/1") + broadcasts.subscribers("a/2")
                + broadcasts.subscribers("a/3")).isEqualTo(2);
        assertThat(meters.get(MetricName.NODE_BROADCAST_SUBSCRIPTIONS_REFUSED.meterName()).counter().count())
                .isEqualTo(2);
        assertThat(device.socket.closed()).isFalse();
    }

    @Test
    void aChangeDuringTheFlushAfterHelloWaitsUntilTheFlushIsWritten() {
        ConnectionHarness device = new ConnectionHarness(broadcasts);
        device.receive(FIREFOX_HELLO);
        device.command(new NodeCommand.HelloResult(ConnectionHarness.NODE_ID, device.connection.id(),
                ConnectionHarness.UAID, NodeCommand.HelloOutcome.ACCEPTED, true));

        set(ID, "\"2100\"");
        awaitFanOuts(1);
        assertThat(device.socket.sent).hasSize(1);

        device.command(device.delivery(5, null));

        assertThat(device.socket.sent).hasSize(3);
        assertThat(device.socket.sent.get(1)).contains("\"notification\"");
        assertThat(device.socket.last()).contains("\"broadcast\"").contains("2100");
    }
}
