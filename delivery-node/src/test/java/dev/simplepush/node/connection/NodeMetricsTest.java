package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.token.MessageIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What one connection counts, driven through the same harness as the state machine's tests. */
class NodeMetricsTest {
    private final ConnectionHarness h = new ConnectionHarness();

    private double count(MetricName metric, String tagValue) {
        var search = h.meters.find(metric.meterName());
        Counter counter = (tagValue == null ? search : search.tag(metric.tagKey(), tagValue)).counter();
        return counter == null ? 0 : counter.count();
    }

    private Timer latency() {
        return h.meters.get(MetricName.DELIVERY_LATENCY.meterName()).timer();
    }

    @Test
    void anAcceptedHelloAndAResetAreCountedApart() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"" + CHID + "\"]}");
        h.answerHello(NodeCommand.HelloOutcome.RESET);
        h.answerHello(NodeCommand.HelloOutcome.ACCEPTED);

        assertThat(count(MetricName.NODE_HELLOS, "reset")).isEqualTo(1);
        assertThat(count(MetricName.NODE_HELLOS, "accepted")).isEqualTo(1);
    }

    @Test
    void registersUnregistersAndAcksAreCountedAsForwarded() {
        h.identified().delivered(CHID);
        h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
        h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, CHID, 200));
        h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID + "\",\"version\":1}]}");
        h.receive("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID + "\"}");

        assertThat(count(MetricName.NODE_REGISTERS, null)).isEqualTo(1);
        assertThat(count(MetricName.NODE_ACKS, null)).isEqualTo(1);
        assertThat(count(MetricName.NODE_UNREGISTERS, null)).isEqualTo(1);
    }

    @Test
    void aWrittenLiveDeliveryIsCountedDeliveredAndTimedFromTheGatewaysAcceptance() {
        h.identified();
        long acceptedAt = h.time.millis();
        h.time.advance(Duration.ofMillis(7));

        h.command(h.delivery(5, new NodeCommand.ReplyTo(2, "req", acceptedAt)));

        assertThat(count(MetricName.NODE_DELIVERIES, "delivered")).isEqualTo(1);
        assertThat(latency().count()).isEqualTo(1);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    }

    @Test
    void aFlushOrAnAcceptanceTimeFromTheFutureIsNotTimed() {
        h.identified();
        h.command(h.delivery(5, null));
        h.command(h.delivery(6, new NodeCommand.ReplyTo(2, "req", h.time.millis() + 1_000)));
        h.command(h.delivery(7, new NodeCommand.ReplyTo(2, "req")));

        assertThat(count(MetricName.NODE_DELIVERIES, "delivered")).isEqualTo(3);
        assertThat(latency().count()).isZero();
    }

    @Test
    void aDeliveryThatCannotBeWrittenIsCountedStored() {
        h.identified();
        h.socket.failWrites = true;
        h.command(h.delivery(5, new NodeCommand.ReplyTo(2, "req")));
        h.command(h.delivery(6, new NodeCommand.ReplyTo(2, "req")));

        assertThat(count(MetricName.NODE_DELIVERIES, "stored")).isEqualTo(2);
        assertThat(count(MetricName.NODE_DELIVERIES, "delivered")).isZero();
    }

    @Test
    void aDeliveryForAConnectionThatIsGoneIsCountedStored() {
        new NodeCommandDispatcher(h.registry, h.outbound, h.metrics, new MessageIds(h.tokens)).dispatch(
                new NodeCommand.Deliver(NODE_ID, "gone", UAID, List.of(), null));

        assertThat(count(MetricName.NODE_DELIVERIES, "stored")).isEqualTo(1);
    }

    @Test
    void closingRemovesTheMeters() {
        h.metrics.close();

        assertThat(h.meters.getMeters()).isEmpty();
    }
}
