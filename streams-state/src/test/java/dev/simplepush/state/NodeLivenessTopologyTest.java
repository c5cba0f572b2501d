package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead-node detection: heartbeats in, presence and PUT routing out, on the driver's clock. */
class NodeLivenessTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_UAID = "fedcba9876543210fedcba9876543210";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final int NODE = 1;
    private static final int OTHER_NODE = 2;
    private static final Duration DEAD_AFTER = Duration.ofSeconds(6);
    private static final Duration CHECK = Duration.ofSeconds(1);
    /** A heartbeat is noticed at the next check, so detection takes up to one check more. */
    private static final Duration DETECTION_BOUND = DEAD_AFTER.plus(CHECK);

    @TempDir
    Path stateDir;

    private StateDriver state;

    @BeforeEach
    void start() {
        state = new StateDriver(stateDir, Map.of("state.node.dead.after", "6s", "state.node.check.interval", "1s"));
    }

    @AfterEach
    void stop() {
        state.close();
    }

    @Test
    void aNodeThatKeepsHeartbeatingKeepsItsDevicesOnline() {
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);

        for (int i = 0; i < 20; i++) {
            state.advance(CHECK);
            state.heartbeat(NODE, "aaaa");
        }

        assertThat(state.presence().get(UAID)).isEqualTo(new Presence(NODE, "aaaa-1"));
        state.put(UAID, CHID, 5);
        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void presenceAtANodeThatStoppedHeartbeatingIsClearedWithinTheDeadAfterTime() {
        state.heartbeat(NODE, "aaaa");
        state.heartbeat(OTHER_NODE, "bbbb");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        state.connect(OTHER_UAID, OTHER_NODE, "bbbb-1", CHID);

        // NODE falls silent; OTHER_NODE keeps beating.
        for (int i = 0; i < 7; i++) {
            state.advance(CHECK);
            state.heartbeat(OTHER_NODE, "bbbb");
        }

        assertThat(state.presence().get(UAID)).isNull();
        assertThat(state.presence().get(OTHER_UAID)).isEqualTo(new Presence(OTHER_NODE, "bbbb-1"));
    }

    @Test
    void aPutForADeviceAtADeadNodeIsStoredAndAnsweredAtOnce() {
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        advanceWhileOnlyTheOtherNodeBeats(DETECTION_BOUND);

        String request = state.put(UAID, CHID, 7);

        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.STORED));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID).get(CHID)).isEqualTo(7L);
    }

    @Test
    void aPutJustBeforeTheDeadAfterTimeIsStillRouted() {
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        advanceWhileOnlyTheOtherNodeBeats(DEAD_AFTER.minus(CHECK));

        state.put(UAID, CHID, 7);

        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void presenceNamingAnOlderIncarnationOfARestartedNodeIsCleared() {
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        state.connect(OTHER_UAID, NODE, "aaaa-2", CHID);
        state.advance(CHECK);

        // The node restarts: a new incarnation, and one device is back on it already.
        state.heartbeat(NODE, "cccc");
        state.connect(OTHER_UAID, NODE, "cccc-1", CHID);
        state.advance(CHECK);

        assertThat(state.presence().get(UAID)).isNull();
        assertThat(state.presence().get(OTHER_UAID)).isEqualTo(new Presence(NODE, "cccc-1"));
    }

    @Test
    void whenNoNodeHeartbeatsAtAllTheHeartbeatsStallAndNobodyIsJudgedDead() {
        state.heartbeat(NODE, "aaaa");
        state.heartbeat(OTHER_NODE, "bbbb");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        state.advance(DEAD_AFTER.multipliedBy(3), CHECK);

        assertThat(state.presence().get(UAID)).isEqualTo(new Presence(NODE, "aaaa-1"));
        state.put(UAID, CHID, 5);
        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void aNodeThatNeverHeartbeatedIsNeverJudgedDead() {
        state.connect(UAID, NODE, "aaaa-1", CHID);
        advanceWhileOnlyTheOtherNodeBeats(DEAD_AFTER.multipliedBy(3));

        assertThat(state.presence().get(UAID)).isEqualTo(new Presence(NODE, "aaaa-1"));
        state.put(UAID, CHID, 5);
        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void aNodeGetsAFullDeadAfterWindowFromItsFirstHeartbeat() {
        state.advance(Duration.ofSeconds(30), CHECK);
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);

        advanceWhileOnlyTheOtherNodeBeats(DEAD_AFTER.minus(CHECK));

        assertThat(state.presence().get(UAID)).isEqualTo(new Presence(NODE, "aaaa-1"));
    }

    @Test
    void aDeadNodeThatHeartbeatsAgainIsRoutedToAgain() {
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        advanceWhileOnlyTheOtherNodeBeats(DETECTION_BOUND);
        assertThat(state.presence().get(UAID)).isNull();

        state.heartbeat(NODE, "aaaa");
        state.advance(CHECK);
        state.connect(UAID, NODE, "aaaa-3", CHID);
        state.put(UAID, CHID, 9);

        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void whenHeartbeatsResumeAfterAStallANodeWhoseHeartbeatComesAMomentLaterIsNotJudgedDead() {
        state.heartbeat(NODE, "aaaa");
        state.heartbeat(OTHER_NODE, "bbbb");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        state.advance(CHECK);

        // A broker failover holds every heartbeat back for 5 s; then the other node's gets through
        // first and NODE's only two checks later, 7 s after its previous one.
        state.advance(Duration.ofSeconds(5), CHECK);
        state.heartbeat(OTHER_NODE, "bbbb");
        state.advance(CHECK);
        state.heartbeat(OTHER_NODE, "bbbb");
        state.advance(CHECK);

        assertThat(state.presence().get(UAID)).isEqualTo(new Presence(NODE, "aaaa-1"));
        state.put(UAID, CHID, 5);
        assertThat(state.nodeCommands.readValuesToList()).singleElement().isInstanceOf(NodeCommand.Deliver.class);
    }

    @Test
    void aNodeThatStaysSilentAfterAStallIsJudgedDeadWithinTheBoundFromTheStallsEnd() {
        state.heartbeat(NODE, "aaaa");
        state.heartbeat(OTHER_NODE, "bbbb");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        state.advance(CHECK);
        state.advance(Duration.ofSeconds(5), CHECK);

        advanceWhileOnlyTheOtherNodeBeats(DETECTION_BOUND);

        assertThat(state.presence().get(UAID)).isNull();
    }

    private void advanceWhileOnlyTheOtherNodeBeats(Duration duration) {
        for (long left = duration.toMillis(); left > 0; left -= CHECK.toMillis()) {
            state.heartbeat(OTHER_NODE, "bbbb");
            state.advance(CHECK);
        }
    }
}
