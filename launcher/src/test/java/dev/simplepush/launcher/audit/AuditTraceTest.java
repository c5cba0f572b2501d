package dev.simplepush.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTraceTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";

    @Test
    void aPutToAnUnknownEndpointSaysSoRatherThanThatItWasNotDelivered() {
        assertThat(AuditTrace.spans(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 404, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.UNKNOWN, null, null, "r", 1_001)))))
                .isEqualTo("unknown endpoint: nothing kept, nothing to deliver");
    }

    @Test
    void aStoredUpdateNotYetFetchedIsNotDeliveredAndNotAcked() {
        assertThat(AuditTrace.spans(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.STORED, null, null, "r", 1_001)))))
                .isEqualTo("not delivered, not acked");
    }

    @Test
    void aDroppedUpdateInNoStoreModeSaysSo() {
        assertThat(AuditTrace.spans(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.DROPPED, null, null, "r", 1_001)))))
                .isEqualTo("dropped: the device was offline and no-store mode keeps nothing");
    }

    @Test
    void anExpiryIsNamed() {
        assertThat(AuditTrace.spans(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Expired(UAID, "c", 9, "ttl", 5_000)))))
                .isEqualTo("not delivered, not acked, expired (ttl)");
    }

    private static AuditRecord record(AuditEvent event) {
        return new AuditRecord(event, 0, 0);
    }
}
