package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Spec §11.4: the 4774 close of idle sockets of devices that can be woken, and only of those. */
class WakeIdleCloseTest {
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final String WAKE_FIELDS = "\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":2442},"
            + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}";

    private static ConnectionHarness harness(Duration wakeIdleTimeout) {
        ConnectionSettings defaults = ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ZERO, 100);
        return new ConnectionHarness(new ConnectionSettings(defaults.nodeId(), defaults.endpointBase(),
                defaults.maxQueuedMessages(), defaults.maxQueuedChars(), defaults.helloTimeout(),
                defaults.minPingInterval(), defaults.requestTimeout(), false, wakeIdleTimeout));
    }

    private static void helloWith(ConnectionHarness h, String extraFields) {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]" + extraFields + "}");
        h.answerHello(HelloOutcome.ACCEPTED);
    }

    private static double wakeCloses(ConnectionHarness h) {
        return h.meters.get(MetricName.NODE_WAKE_CLOSES.meterName()).counter().count();
    }

    @Test
    void anIdleSocketWithWakeDataIsClosedWith4774AfterTheTimeout() {
        ConnectionHarness h = harness(IDLE);
        helloWith(h, "," + WAKE_FIELDS);

        h.time.advance(IDLE.minusSeconds(1));
        assertThat(h.socket.closed()).isFalse();
        h.time.advance(Duration.ofSeconds(1));

        assertThat(h.socket.closeCode).isEqualTo(4774);
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(h.outbound.eventsOf(DeviceEvent.Disconnect.class)).singleElement()
                .satisfies(d -> assertThat(d.nodeId()).isEqualTo(NODE_ID));
        assertThat(wakeCloses(h)).isEqualTo(1);
    }

    @Test
    void aFrameEitherWayRestartsTheIdleTime() {
        ConnectionHarness h = harness(IDLE);
        helloWith(h, "," + WAKE_FIELDS);

        h.time.advance(Duration.ofMinutes(4));
        h.receive("{}");
        h.time.advance(Duration.ofMinutes(4));
        h.command(h.delivery(5, null));
        h.time.advance(Duration.ofMinutes(4));
        assertThat(h.socket.closed()).isFalse();

        h.time.advance(Duration.ofMinutes(1));
        assertThat(h.socket.closeCode).isEqualTo(4774);
    }

    @Test
    void aSocketWithoutWakeDataIsNeverClosedForIdleness() {
        ConnectionHarness h = harness(IDLE);
        helloWith(h, "");

        h.time.advance(Duration.ofDays(1));

        assertThat(h.socket.closed()).isFalse();
        assertThat(h.time.activeTimers()).isZero();
    }

    @Test
    void malformedWakeDataDoesNotMakeASocketClosable() {
        ConnectionHarness h = harness(IDLE);
        helloWith(h, ",\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":\"x\"},\"mobilenetwork\":{\"mcc\":\"214\"}");

        h.time.advance(Duration.ofDays(1));

        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void withoutADriverTheTimeoutIsZeroAndNothingIsEverClosedWith4774() {
        ConnectionHarness h = harness(Duration.ZERO);
        helloWith(h, "," + WAKE_FIELDS);

        h.time.advance(Duration.ofDays(1));

        assertThat(h.socket.closed()).isFalse();
        assertThat(h.time.activeTimers()).isZero();
        assertThat(wakeCloses(h)).isZero();
    }

    @Test
    void aSocketStillWaitingForItsHelloAnswerIsNotClosedWith4774() {
        ConnectionHarness h = harness(IDLE);
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]," + WAKE_FIELDS + "}");

        h.time.advance(IDLE.plusSeconds(1));

        assertThat(h.socket.closeCode).isNotEqualTo(4774);
    }

    @Test
    void aClosedSocketLeavesNoIdleTimerBehind() {
        ConnectionHarness h = harness(IDLE);
        helloWith(h, "," + WAKE_FIELDS);

        h.connection.transportClosed();

        assertThat(h.time.activeTimers()).isZero();
    }
}
