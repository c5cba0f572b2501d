package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pending-version TTL and uaid garbage collection, on the driver's wall clock. */
class ExpiryTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final int NODE = 1;
    private static final Duration PENDING_TTL = Duration.ofDays(3);
    private static final Duration UAID_TTL = Duration.ofDays(60);
    private static final Duration PASS = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;

    private StateDriver state;

    @BeforeEach
    void start() {
        state = new StateDriver(stateDir, Map.of("state.pending.ttl", "3d", "state.uaid.ttl", "60d",
                "state.expiry.interval", "1m", "state.expiry.batch", "2"));
    }

    @AfterEach
    void stop() {
        state.close();
    }

    @Test
    void aPendingVersionOlderThanTheTtlIsGoneAndALaterHelloDoesNotFlushIt() {
        state.connect(UAID, NODE, "c1", CHID, OTHER_CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 5);
        state.advance(Duration.ofDays(1));
        state.put(UAID, OTHER_CHID, 6);

        state.advance(PENDING_TTL.minus(Duration.ofDays(1)).plus(PASS));

        assertThat(state.pendingVersions(UAID)).isEqualTo(Map.of(OTHER_CHID, 6L));
        state.drain();
        state.hello(UAID, NODE, "c2", 2);
        assertThat(state.nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c2", UAID, HelloOutcome.ACCEPTED, true),
                new NodeCommand.Deliver(NODE, "c2", UAID, java.util.List.of(Update.of(OTHER_CHID, 6L)), null));
    }

    @Test
    void anExpiredPendingVersionAndAForgottenUaidLeaveAnAuditRecord() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 5);

        state.advance(PENDING_TTL.plus(PASS));
        state.advance(UAID_TTL.plus(PASS));

        assertThat(state.audit.readValuesToList()).filteredOn(AuditEvent.Expired.class::isInstance)
                .extracting(e -> (AuditEvent.Expired) e)
                .extracting(AuditEvent.Expired::channelId, AuditEvent.Expired::version, AuditEvent.Expired::reason)
                .containsExactly(tuple(CHID, 5L, "pending_ttl"), tuple(null, 0L, "uaid_ttl"));
    }

    @Test
    void aPendingVersionYoungerThanTheTtlStays() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 5);

        state.advance(PENDING_TTL.minus(PASS.multipliedBy(2)));

        assertThat(state.pendingVersions(UAID).get(CHID)).isEqualTo(5L);
    }

    @Test
    void aNewerPutRestartsTheTtlOfItsChannel() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 5);
        state.advance(Duration.ofDays(2));
        state.put(UAID, CHID, 6);

        state.advance(Duration.ofDays(2));

        assertThat(state.pendingVersions(UAID).get(CHID)).isEqualTo(6L);
    }

    @Test
    void aUaidUnseenForTheTtlIsForgottenAndItsEndpointsAnswer404() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        state.advance(UAID_TTL.plus(PASS));

        assertThat(state.registrations().get(UAID)).isNull();
        String request = state.put(UAID, CHID, 5);
        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.UNKNOWN_ENDPOINT));
    }

    @Test
    void anAckKeepsAUaidAlive() {
        state.connect(UAID, NODE, "c1", CHID);
        state.advance(Duration.ofDays(40));
        state.ack(UAID, NODE, "c1", Update.of(CHID, 1));
        state.disconnect(UAID, NODE, "c1");

        state.advance(Duration.ofDays(40));

        assertThat(state.registrations().get(UAID)).isNotNull();
    }

    @Test
    void aPutDoesNotKeepAUaidAlive() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.advance(Duration.ofDays(59));
        state.put(UAID, CHID, 5);

        state.advance(Duration.ofDays(1).plus(PASS));

        assertThat(state.registrations().get(UAID)).isNull();
        assertThat(state.pendingVersions(UAID)).isEmpty();
    }

    @Test
    void aConnectedUaidIsNeverCollected() {
        state.connect(UAID, NODE, "c1", CHID);

        state.advance(UAID_TTL.multipliedBy(2));

        assertThat(state.registrations().get(UAID)).isNotNull();
    }

    @Test
    void eachPassLooksAtABoundedBatchAndLaterPassesReachTheRest() {
        String[] uaids = new String[5];
        for (int i = 0; i < uaids.length; i++) {
            uaids[i] = "0123456789abcdef0123456789abcde" + i;
            state.connect(uaids[i], NODE, "c" + i, CHID);
            state.disconnect(uaids[i], NODE, "c" + i);
        }
        state.advance(UAID_TTL.minus(PASS));

        // One pass at the TTL: a batch of two.
        state.advance(PASS.multipliedBy(2));
        long left = countRegistrations();
        assertThat(left).isBetween(1L, 4L);

        state.advance(PASS.multipliedBy(3), PASS);
        assertThat(countRegistrations()).isZero();
    }

    private long countRegistrations() {
        long count = 0;
        try (var all = state.registrations().all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }
}
