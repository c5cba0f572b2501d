package dev.simplepush.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.audit.AuditType;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditQueryTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final Instant FROM = Instant.ofEpochMilli(1_000);
    private static final Instant TO = Instant.ofEpochMilli(2_000);

    @Test
    void aQueryForRoutingsReadsDeliveriesWhichMayCarryOne() {
        AuditQuery routed = new AuditQuery(null, null, null, null, null, Set.of(AuditType.ROUTED));
        AuditQuery pushRouted = new AuditQuery(null, null, null, null, null, Set.of(AuditType.PUSH_ROUTED));

        assertThat(routed.mayMatchType("delivered")).isTrue();
        assertThat(routed.mayMatchType("routed")).isTrue();
        assertThat(routed.mayMatchType("acked")).isFalse();
        assertThat(routed.mayMatchType("push_delivered")).isFalse();
        assertThat(pushRouted.mayMatchType("push_delivered")).isTrue();
    }

    @Test
    void aQueryForDeliveriesDoesNotReadRoutings() {
        AuditQuery delivered = new AuditQuery(null, null, null, null, null, Set.of(AuditType.DELIVERED));

        assertThat(delivered.mayMatchType("delivered")).isTrue();
        assertThat(delivered.mayMatchType("routed")).isFalse();
    }

    @Test
    void aRecordOfAnUnknownTypeIsSkippedByATypedQuery() {
        AuditQuery routed = new AuditQuery(null, null, null, null, null, Set.of(AuditType.ROUTED));

        assertThat(routed.mayMatchType("teleported")).isFalse();
        assertThat(routed.mayMatchType(null)).isTrue();
    }

    @Test
    void aDeliveryStampedAfterTheWindowMayStillCarryARoutingInsideIt() {
        AuditQuery window = new AuditQuery(null, null, null, FROM, TO, Set.of());

        assertThat(window.mayMatch(UAID, 2_500, "delivered")).isTrue();
        assertThat(window.mayMatch(UAID, 2_500, "push_delivered")).isTrue();
        assertThat(window.mayMatch(UAID, 2_500, "accepted")).isFalse();
        assertThat(window.mayMatch(UAID, 1_500, "accepted")).isTrue();
    }

    @Test
    void theKeyIsCheckedWhateverTheType() {
        AuditQuery device = new AuditQuery(UAID, null, null, null, null, Set.of());

        assertThat(device.mayMatch("fedcba9876543210fedcba9876543210", 1_500, "delivered")).isFalse();
        assertThat(device.mayMatch(UAID.toUpperCase(), 1_500, "delivered")).isTrue();
    }
}
