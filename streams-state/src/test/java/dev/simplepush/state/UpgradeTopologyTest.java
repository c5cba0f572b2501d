package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.NodeCommand.RegisterResult;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State written by the version that kept a whole uaid in one value (a registration listing its
 * channel ids, one pending map per uaid) reads as before after an upgrade, and is moved to rows
 * the first time the uaid is touched.
 */
class UpgradeTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final String NEW_CHID = "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final WakeData WAKE = new WakeData("10.0.0.1", 2442, "214", "07", null);
    private static final int NODE = 1;

    @TempDir
    Path stateDir;

    private StateDriver state;

    @BeforeEach
    void start() {
        state = new StateDriver(stateDir, Map.of("state.max.channels.per.uaid", "3", "state.pending.ttl", "3d",
                "state.expiry.interval", "1m"));
    }

    @AfterEach
    void stop() {
        state.close();
    }

    /** What the previous version left: two channels, one of them pending, for an offline device. */
    private void plantOlderState(long storedAt) {
        state.<Registration>store(StateStores.REGISTRATIONS).put(UAID,
                new Registration(StateDriver.T0 - 1_000, WAKE, 0, 0, Set.of(CHID, OTHER_CHID)));
        state.<PendingValue>store(StateStores.PENDING).put(UAID,
                new PendingUpdates(Map.of(OTHER_CHID, 9L, CHID, 4L), Map.of(OTHER_CHID, storedAt)));
    }

    @Test
    void aHelloAfterTheUpgradeFlushesWhatTheOlderVersionKeptPendingInChannelOrder() {
        plantOlderState(StateDriver.T0);

        state.hello(UAID, NODE, "c1", 2);

        assertThat(state.nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED, true),
                new NodeCommand.Deliver(NODE, "c1", UAID, List.of(Update.of(CHID, 4), Update.of(OTHER_CHID, 9)), null));
        assertThat(state.registrations().get(UAID)).satisfies(row -> {
            assertThat(row.isLegacy()).isFalse();
            assertThat(row.channelCount()).isEqualTo(2);
            assertThat(row.wake()).isEqualTo(WAKE);
        });
        assertThat(state.channelIds(UAID)).containsExactly(CHID, OTHER_CHID);
        assertThat(state.pendingVersions(UAID)).isEqualTo(Map.of(CHID, 4L, OTHER_CHID, 9L));
        assertThat(state.<PendingValue>store(StateStores.PENDING).get(UAID)).as("the old map is gone").isNull();
    }

    @Test
    void aPutToAChannelOfAnOlderRegistrationIsStoredAndAnUnknownOneIs404() {
        plantOlderState(StateDriver.T0);

        String known = state.put(UAID, OTHER_CHID, 10);
        String unknown = state.put(UAID, NEW_CHID, 1);

        assertThat(state.gatewayReplies.readValuesToList()).containsExactly(
                new GatewayReply(StateDriver.GATEWAY, known, PutOutcome.STORED),
                new GatewayReply(StateDriver.GATEWAY, unknown, PutOutcome.UNKNOWN_ENDPOINT));
        assertThat(state.pendingVersions(UAID)).isEqualTo(Map.of(CHID, 4L, OTHER_CHID, 10L));
    }

    @Test
    void theCapCountsTheChannelsOfAnOlderRegistrationAndAnAckClearsWhatItListed() {
        plantOlderState(StateDriver.T0);
        state.hello(UAID, NODE, "c1", 2);
        state.drain();

        state.register(UAID, NODE, "c1", CHID);
        state.register(UAID, NODE, "c1", NEW_CHID);
        state.register(UAID, NODE, "c1", "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee");
        state.ack(UAID, NODE, "c1", Update.of(CHID, 4));

        assertThat(state.nodeCommands.readValuesToList()).containsExactly(
                new RegisterResult(NODE, "c1", UAID, CHID, 200),
                new RegisterResult(NODE, "c1", UAID, NEW_CHID, 200),
                new RegisterResult(NODE, "c1", UAID, "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee", 413));
        assertThat(state.pendingVersions(UAID)).isEqualTo(Map.of(OTHER_CHID, 9L));
    }

    @Test
    void theExpiryPassMovesAnUntouchedPendingMapAndExpiresItsVersionsOnTime() {
        plantOlderState(StateDriver.T0 - Duration.ofDays(4).toMillis());

        state.advance(Duration.ofMinutes(1));

        assertThat(state.<PendingValue>store(StateStores.PENDING).get(UAID)).isNull();
        assertThat(state.pendingVersions(UAID)).containsOnlyKeys(CHID, OTHER_CHID);
        state.advance(Duration.ofMinutes(1));
        assertThat(state.pendingVersions(UAID)).as("the old version expired; the one without a time is kept")
                .isEqualTo(Map.of(CHID, 4L));
    }

    @Test
    void aResetOfAnOlderUaidDropsAllOfIt() {
        plantOlderState(StateDriver.T0);

        state.hello(UAID, NODE, "c1", StateRules.DEFAULT_MAX_CHANNELS + 1);

        assertThat(state.registrations().get(UAID)).isNull();
        assertThat(state.<PendingValue>store(StateStores.PENDING).get(UAID)).isNull();
        assertThat(state.pendingVersions(UAID)).isEmpty();
        assertThat(state.channelIds(UAID)).isEmpty();
    }
}
