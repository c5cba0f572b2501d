package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.Ids;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the state machine balances (spec §12): the first hello, in AWAITING_HELLO, before any uaid
 * rule and before streams-state hears of the device.
 */
class HelloRedirectTest {
    private static final String PEER = "ws://10.0.0.2:8080/";

    /** Redirects to {@link #PEER} once this many connections are identified; records what it was asked. */
    private static final class ThresholdBalancer implements HelloBalancer {
        final List<Integer> asked = new ArrayList<>();
        final int threshold;
        final boolean peer;

        ThresholdBalancer(int threshold, boolean peer) {
            this.threshold = threshold;
            this.peer = peer;
        }

        @Override
        public Decision decide(int identified) {
            asked.add(identified);
            if (identified < threshold) {
                return Decision.BELOW_THRESHOLD;
            }
            return peer ? Decision.redirectTo(PEER) : Decision.NO_PEER;
        }
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static double count(ConnectionHarness h, MetricName metric, String tag) {
        var counter = h.meters.find(metric.meterName()).tag(metric.tagKey(), tag).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aHelloAtTheThresholdWithAPeerIsAnswered307WithTheUaidAsSentThenClosedAndNeverSentToState()
            throws Exception {
        ConnectionHarness h = new ConnectionHarness(new ThresholdBalancer(0, true));

        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");

        JsonNode reply = json(h.socket.last());
        assertThat(reply.path("messageType").asText()).isEqualTo("hello");
        assertThat(reply.path("status").asInt()).isEqualTo(307);
        assertThat(reply.path("uaid").asText()).isEqualTo(UAID);
        assertThat(reply.path("redirect").asText()).isEqualTo(PEER);
        assertThat(h.socket.closeCode).isEqualTo(CloseCode.NORMAL.code());
        assertThat(h.outbound.events).isEmpty();
        assertThat(h.connection.state()).isNotEqualTo(ConnectionState.IDENTIFIED);
        assertThat(count(h, MetricName.NODE_REDIRECTS, "redirected")).isEqualTo(1);
        assertThat(count(h, MetricName.NODE_HELLOS, "redirected")).isEqualTo(1);
    }

    @Test
    void aRedirectWithoutAUsableUaidCarriesAFreshOne() throws Exception {
        ConnectionHarness none = new ConnectionHarness(new ThresholdBalancer(0, true));
        none.receive("{\"messageType\":\"hello\",\"channelIDs\":[]}");
        ConnectionHarness invalid = new ConnectionHarness(new ThresholdBalancer(0, true));
        invalid.receive("{\"messageType\":\"hello\",\"uaid\":\"not a uaid\",\"channelIDs\":[]}");

        for (ConnectionHarness h : List.of(none, invalid)) {
            JsonNode reply = json(h.socket.last());
            assertThat(reply.path("status").asInt()).isEqualTo(307);
            assertThat(Ids.isValid(reply.path("uaid").asText())).isTrue();
        }
    }

    @Test
    void belowTheThresholdTheHelloGoesToStateAsUsual() {
        ThresholdBalancer balancer = new ThresholdBalancer(5, true);
        ConnectionHarness h = new ConnectionHarness(balancer).identified();

        assertThat(h.outbound.eventsOf(DeviceEvent.Hello.class)).hasSize(1);
        assertThat(h.connection.state()).isEqualTo(ConnectionState.IDENTIFIED);
        assertThat(balancer.asked).containsExactly(0);
        assertThat(h.registry.identifiedCount()).isEqualTo(1);
    }

    @Test
    void withoutAPeerBelowItsThresholdTheHelloIsAcceptedAndCounted() {
        ConnectionHarness h = new ConnectionHarness(new ThresholdBalancer(0, false)).identified();

        assertThat(h.connection.state()).isEqualTo(ConnectionState.IDENTIFIED);
        assertThat(count(h, MetricName.NODE_REDIRECTS, "nopeer")).isEqualTo(1);
        assertThat(count(h, MetricName.NODE_REDIRECTS, "redirected")).isZero();
    }

    @Test
    void aRepeatedHelloOnAnIdentifiedSocketIsNeverRedirected() {
        ThresholdBalancer balancer = new ThresholdBalancer(1, true);
        ConnectionHarness h = new ConnectionHarness(balancer).identified();

        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");

        assertThat(balancer.asked).containsExactly(0);
        assertThat(h.outbound.eventsOf(DeviceEvent.Hello.class)).hasSize(2);
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void theLoadCountsIdentifiedConnectionsUntilTheyClose() {
        ConnectionHarness h = new ConnectionHarness().identified();
        assertThat(h.registry.identifiedCount()).isEqualTo(1);

        h.connection.transportClosed();

        assertThat(h.registry.identifiedCount()).isZero();
    }

    @Test
    void aResetHelloCountsOnceWhenFinallyAccepted() {
        ConnectionHarness h = new ConnectionHarness();
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"a\"]}");
        h.answerHello(NodeCommand.HelloOutcome.RESET);
        h.answerHello(NodeCommand.HelloOutcome.ACCEPTED);

        assertThat(h.registry.identifiedCount()).isEqualTo(1);
    }
}
