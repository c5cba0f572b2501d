package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.MessageIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A delivery from a streams-state in no-store mode: answered delivered-not-kept or dropped. */
class NoStoreDeliveryTest {
    private static final NodeCommand.ReplyTo REPLY_TO = new NodeCommand.ReplyTo(2, "req-1");

    private final ConnectionHarness h = new ConnectionHarness();

    private NodeCommand.Deliver noStoreDelivery(String connectionId) {
        return new NodeCommand.Deliver(NODE_ID, connectionId, UAID, List.of(Update.of(CHID, 5)), REPLY_TO, true);
    }

    @Test
    void aWrittenDeliveryIsAnsweredDeliveredNotKept() {
        h.identified();
        h.command(noStoreDelivery(h.connection.id()));

        assertThat(h.socket.last()).contains("\"version\":5");
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED_NOT_KEPT));
    }

    @Test
    void aDeliveryAfterTheCloseFrameIsAnsweredDroppedAndCountedSo() {
        h.identified();
        h.connection.transportClosed();
        h.command(noStoreDelivery(h.connection.id()));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DROPPED));
        assertThat(h.meters.get(MetricName.NODE_DELIVERIES.meterName())
                .tag(MetricName.NODE_DELIVERIES.tagKey(), "dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsAnsweredDropped() {
        h.identified();
        h.socket.holdWrites = true;
        h.command(noStoreDelivery(h.connection.id()));
        h.socket.completeHeldWrites(false);

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DROPPED));
    }

    @Test
    void aDeliveryForAConnectionThatIsGoneIsAnsweredDropped() {
        h.identified();
        new NodeCommandDispatcher(h.registry, h.outbound, new MessageIds(h.tokens)).dispatch(noStoreDelivery("gone-1"));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DROPPED));
    }
}
