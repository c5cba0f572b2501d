package dev.simplepush.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.token.MessageRef;
import org.junit.jupiter.api.Test;

class AuditFactsTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final JsonSerde<AuditEvent> SERDE = JsonSerde.of(AuditEvent.class);

    @Test
    void aDeliveryCarryingItsRoutingStandsForTheRoutingAndThenTheDelivery() {
        AuditEvent record = new AuditEvent.Delivered(2, "c9", UAID, CHID, 7, "3-42", 1_010L, 1_004L);

        assertThat(record.facts()).containsExactly(
                new AuditEvent.Routed(UAID, CHID, 7, AuditEvent.Route.NODE, 2, "c9", "3-42", 1_004L),
                new AuditEvent.Delivered(2, "c9", UAID, CHID, 7, "3-42", 1_010L));
    }

    @Test
    void aWebPushDeliveryCarryingItsRoutingStandsForThePushRoutingAndThenTheDelivery() {
        AuditEvent record = new AuditEvent.PushDelivered(2, "c9", UAID, CHID, MessageRef.Kind.TOPIC, "news", "3-43",
                1_010L, 1_004L);

        assertThat(record.facts()).containsExactly(
                new AuditEvent.PushRouted(UAID, CHID, MessageRef.Kind.TOPIC, "news", AuditEvent.PushRoute.NODE, 2, "c9",
                        "3-43", 1_004L),
                new AuditEvent.PushDelivered(2, "c9", UAID, CHID, MessageRef.Kind.TOPIC, "news", "3-43", 1_010L));
    }

    @Test
    void everyOtherRecordStandsForItselfOnly() {
        AuditEvent delivered = new AuditEvent.Delivered(2, "c9", UAID, CHID, 7, null, 1_010L);
        AuditEvent acked = new AuditEvent.Acked(UAID, CHID, 7, 2, "c9", 1_020L);

        assertThat(delivered.facts()).containsExactly(delivered);
        assertThat(acked.facts()).containsExactly(acked);
    }

    @Test
    void aDeliveryWithoutItsRoutingKeepsTheJsonItHadBefore() {
        String json = new String(SERDE.serialize("audit",
                new AuditEvent.Delivered(2, "c9", UAID, CHID, 7, "3-42", 1_010L)));

        assertThat(json).doesNotContain("routedAt").doesNotContain("facts");
    }
}
