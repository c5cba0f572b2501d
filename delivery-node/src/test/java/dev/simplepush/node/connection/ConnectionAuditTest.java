package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code delivered} audit records: written when the notification frame reaches the socket. */
class ConnectionAuditTest {
    private static final NodeCommand.ReplyTo REPLY_TO = new NodeCommand.ReplyTo(2, "req-1", 1L);

    private final ConnectionHarness h = new ConnectionHarness().identified();

    @Test
    void aLiveDeliveryIsAuditedWithItsRequestIdAtTheTimeTheFrameWasWritten() {
        h.socket.holdWrites = true;
        h.command(h.delivery(5, REPLY_TO));
        assertThat(h.outbound.audits).as("not written yet").isEmpty();

        h.time.advance(Duration.ofMillis(40));
        h.socket.completeHeldWrites(true);

        assertThat(h.outbound.audits).containsExactly(
                new AuditEvent.Delivered(NODE_ID, h.connection.id(), UAID, CHID, 5, "req-1", h.time.millis()));
    }

    @Test
    void aLiveDeliveryCarriesTheRoutingStreamsStateLeftToTheNodeInItsRecord() {
        h.command(h.delivery(5, new NodeCommand.ReplyTo(2, "req-1", 1L, 900L)));

        assertThat(h.outbound.audits).containsExactly(new AuditEvent.Delivered(NODE_ID, h.connection.id(), UAID,
                CHID, 5, "req-1", h.time.millis(), 900L));
        assertThat(h.outbound.audits.get(0).facts()).extracting(AuditEvent::getClass)
                .containsExactly(AuditEvent.Routed.class, AuditEvent.Delivered.class);
    }

    @Test
    void aDeliveryNotWrittenStillHasItsRoutingAudited() {
        NodeCommand.ReplyTo routed = new NodeCommand.ReplyTo(2, "req-1", 1L, 900L);
        h.socket.failWrites = true;
        h.command(h.delivery(5, routed));
        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), "other", List.of(Update.of(CHID, 1)),
                routed));

        assertThat(h.outbound.audits).containsExactly(
                new AuditEvent.Routed(UAID, CHID, 5, AuditEvent.Route.NODE, NODE_ID, h.connection.id(), "req-1", 900L),
                new AuditEvent.Routed("other", CHID, 1, AuditEvent.Route.NODE, NODE_ID, h.connection.id(), "req-1",
                        900L));
    }

    @Test
    void aFlushIsAuditedOncePerUpdateWithoutARequestId() {
        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID,
                List.of(Update.of("a", 1), Update.of("b", 2)), null));

        assertThat(h.outbound.audits).containsExactly(
                new AuditEvent.Delivered(NODE_ID, h.connection.id(), UAID, "a", 1, null, h.time.millis()),
                new AuditEvent.Delivered(NODE_ID, h.connection.id(), UAID, "b", 2, null, h.time.millis()));
    }

    @Test
    void aFailedWriteOrAStoredDeliveryIsNotAuditedAsDelivered() {
        h.socket.failWrites = true;
        h.command(h.delivery(5, REPLY_TO));
        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), "other", List.of(Update.of(CHID, 1)),
                REPLY_TO));

        assertThat(h.outbound.audits).isEmpty();
    }
}
