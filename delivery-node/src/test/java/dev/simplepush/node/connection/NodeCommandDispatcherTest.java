package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.MessageIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandDispatcherTest {
    private final ConnectionHarness h = new ConnectionHarness().identified();
    private final NodeCommandDispatcher dispatcher = new NodeCommandDispatcher(h.registry, h.outbound,
            new MessageIds(h.tokens));

    private NodeCommand.Deliver deliveryTo(String connectionId) {
        return new NodeCommand.Deliver(NODE_ID, connectionId, UAID, List.of(Update.of("c", 4)),
                new NodeCommand.ReplyTo(1, "r"));
    }

    @Test
    void aCommandReachesItsConnection() {
        dispatcher.dispatch(deliveryTo(h.connection.id()));

        assertThat(h.socket.last()).contains("\"version\":4");
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(1, "r", PutOutcome.DELIVERED));
    }

    @Test
    void aDeliveryForAnUnknownConnectionIsStored() {
        dispatcher.dispatch(deliveryTo("gone-1"));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(1, "r", PutOutcome.STORED));
    }

    @Test
    void aDeliveryForAClosedConnectionIsStored() {
        h.connection.transportClosed();
        dispatcher.dispatch(deliveryTo(h.connection.id()));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(1, "r", PutOutcome.STORED));
    }

    @Test
    void aDeliveryForAnUnknownConnectionWritesTheRoutingStreamsStateLeftToTheNode() {
        dispatcher.dispatch(new NodeCommand.Deliver(NODE_ID, "gone-1", UAID, List.of(Update.of("c", 4)),
                new NodeCommand.ReplyTo(1, "r", 1L, 900L)));

        assertThat(h.outbound.audits).containsExactly(
                new AuditEvent.Routed(UAID, "c", 4, AuditEvent.Route.NODE, NODE_ID, "gone-1", "r", 900L));
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(1, "r", PutOutcome.STORED));
    }

    @Test
    void aDeliveryWhoseRoutingStreamsStateAuditedWritesNoAuditRecordWhenItsConnectionIsGone() {
        dispatcher.dispatch(deliveryTo("gone-1"));

        assertThat(h.outbound.audits).isEmpty();
    }

    @Test
    void otherCommandsForAnUnknownConnectionAreDropped() {
        dispatcher.dispatch(new NodeCommand.CloseConnection(NODE_ID, "gone-1", UAID));
        dispatcher.dispatch(new NodeCommand.Deliver(NODE_ID, "gone-1", UAID, List.of(Update.of("c", 4)), null));

        assertThat(h.outbound.replies).isEmpty();
        assertThat(h.socket.closed()).isFalse();
    }
}
