package dev.simplepush.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.PushRoute;
import dev.simplepush.schemas.audit.AuditEvent.RemoveReason;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import dev.simplepush.schemas.token.MessageRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTraceTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";

    @Test
    void aPutToAnUnknownEndpointSaysSoRatherThanThatItWasNotDelivered() {
        assertThat(AuditTrace.spansOfVersion(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 404, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.UNKNOWN, null, null, "r", 1_001)))))
                .isEqualTo("unknown endpoint: nothing kept, nothing to deliver");
    }

    @Test
    void aStoredUpdateNotYetFetchedIsNotDeliveredAndNotAcked() {
        assertThat(AuditTrace.spansOfVersion(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.STORED, null, null, "r", 1_001)))))
                .isEqualTo("not delivered, not acked");
    }

    @Test
    void aDroppedUpdateInNoStoreModeSaysSo() {
        assertThat(AuditTrace.spansOfVersion(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Routed(UAID, "c", 9, Route.DROPPED, null, null, "r", 1_001)))))
                .isEqualTo("dropped: the device was offline and no-store mode keeps nothing");
    }

    @Test
    void anExpiryIsNamed() {
        assertThat(AuditTrace.spansOfVersion(List.of(
                record(new AuditEvent.Accepted(0, "r", UAID, "c", 9, 0, 202, 1_000)),
                record(new AuditEvent.Expired(UAID, "c", 9, "ttl", 5_000)))))
                .isEqualTo("not delivered, not acked, expired (ttl)");
    }

    @Test
    void aWebPushMessagesTimelineRunsFromPostToAck() {
        assertThat(AuditTrace.spansOfMessage(List.of(
                record(new AuditEvent.Posted(0, "r", UAID, "c", MessageRef.Kind.UNIQUE, "k", 60, null, "normal",
                        "aes128gcm", 100, null, 201, 0, 1_000)),
                record(new AuditEvent.PushRouted(UAID, "c", MessageRef.Kind.UNIQUE, "k", PushRoute.NODE, 1, "n1", "r",
                        1_002)),
                record(new AuditEvent.PushDelivered(1, "n1", UAID, "c", MessageRef.Kind.UNIQUE, "k", "r", 1_005)),
                record(new AuditEvent.PushAcked(UAID, "c", MessageRef.Kind.UNIQUE, "k", 100, true, 1, "n1", 1_020)))))
                .isEqualTo("POST->delivered 5 ms, delivered->acked 15 ms, POST->acked 20 ms");
    }

    @Test
    void aReplacedTopicMessageSaysSoRatherThanOnlyThatItWasNotDelivered() {
        assertThat(AuditTrace.spansOfMessage(List.of(
                record(new AuditEvent.Posted(0, "r", UAID, "c", MessageRef.Kind.TOPIC, "news", 60, "news", "normal",
                        "aes128gcm", 100, null, 201, 0, 1_000)),
                record(new AuditEvent.PushRemoved(UAID, "c", MessageRef.Kind.TOPIC, "news", RemoveReason.REPLACED,
                        2_000)))))
                .isEqualTo("not delivered, removed (replaced)");
    }

    @Test
    void aPostOverThePendingCapIsNamed() {
        assertThat(AuditTrace.spansOfMessage(List.of(
                record(new AuditEvent.PushRouted(UAID, "c", MessageRef.Kind.UNIQUE, "k", PushRoute.OVER_CAP, null, null,
                        "r", 1_002)))))
                .isEqualTo("no POST recorded, not delivered, over cap");
    }

    private static AuditRecord record(AuditEvent event) {
        return new AuditRecord(event, 0, 0);
    }
}
