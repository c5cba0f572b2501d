package dev.simplepush.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AuditSummaryTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";

    @Test
    void percentilesAreNearestRank() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();

        assertThat(AuditSummary.percentile(hundred, 50)).isEqualTo(50);
        assertThat(AuditSummary.percentile(hundred, 90)).isEqualTo(90);
        assertThat(AuditSummary.percentile(hundred, 99)).isEqualTo(99);
        assertThat(AuditSummary.percentile(List.of(7L), 99)).isEqualTo(7);
    }

    @Test
    void latenciesPairThePutWithTheFirstDeliveryAfterItAndThatWithTheFirstAckAfterIt() {
        AuditSummary summary = new AuditSummary();
        summary.add(new AuditEvent.Accepted(0, "r1", UAID, "c", 1, 0, 202, 1_000));
        summary.add(new AuditEvent.Delivered(0, "n1", UAID, "c", 1, null, 1_400));
        summary.add(new AuditEvent.Delivered(0, "n2", UAID, "c", 1, null, 1_900));
        summary.add(new AuditEvent.Acked(UAID, "c", 1, 0, "n2", 2_000));
        summary.add(new AuditEvent.Accepted(0, "r2", UAID, "c", 2, 0, 202, 3_000));

        assertThat(summary.acceptedToDelivered()).containsExactly(400L);
        assertThat(summary.deliveredToAcked()).containsExactly(600L);
    }

    @Test
    void thePutToDeliverySpanIsSplitAtTheFirstRoutingDecisionAfterThePut() {
        AuditSummary summary = new AuditSummary();
        summary.add(new AuditEvent.Routed(UAID, "c", 1, AuditEvent.Route.NODE, 0, "n0", "r0", 900));
        summary.add(new AuditEvent.Accepted(0, "r1", UAID, "c", 1, 0, 200, 1_000));
        summary.add(new AuditEvent.Routed(UAID, "c", 1, AuditEvent.Route.NODE, 0, "n1", "r1", 1_003));
        summary.add(new AuditEvent.Routed(UAID, "c", 1, AuditEvent.Route.NODE, 0, "n1", "r1", 1_050));
        summary.add(new AuditEvent.Delivered(0, "n1", UAID, "c", 1, null, 1_010));
        summary.add(new AuditEvent.Accepted(0, "r2", UAID, "c", 2, 0, 202, 2_000));
        summary.add(new AuditEvent.Routed(UAID, "c", 2, AuditEvent.Route.STORED, null, null, "r2", 2_004));

        assertThat(summary.acceptedToRouted()).containsExactly(3L, 4L);
        assertThat(summary.routedToDelivered()).containsExactly(7L);
        assertThat(summary.acceptedToDelivered()).containsExactly(10L);
    }

    @Test
    void theLeadingTypeIsReadWithoutParsingAndOnlyFromOurOwnLayout() {
        assertThat(AuditReader.leadingType("{\"type\":\"acked\",\"uaid\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("acked");
        assertThat(AuditReader.leadingType("{\"uaid\":\"x\",\"type\":\"acked\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(AuditReader.leadingType("{\"type\":\"".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
