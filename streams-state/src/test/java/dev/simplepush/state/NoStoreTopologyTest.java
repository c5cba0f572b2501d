package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.NodeCommand.ReplyTo;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No-store mode ({@code state.store.offline=false}): nothing is ever written to the pending store. */
class NoStoreTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final int NODE = 1;
    private static final String PENDING_CHANGELOG = StateConfig.DEFAULT_APPLICATION_ID + "-" + StateStores.PENDING
            + "-changelog";

    @TempDir
    Path stateDir;

    private StateDriver state;

    private StateDriver start(boolean storeOffline, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("state.store.offline", Boolean.toString(storeOffline));
        state = new StateDriver(stateDir, settings);
        return state;
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
    }

    @Test
    void aPutForAnOfflineDeviceWritesNothingAndIsAnsweredDropped() {
        start(false, Map.of());
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.audit.readValuesToList();

        String request = state.put(UAID, CHID, 7);

        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.DROPPED));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID)).isEmpty();
        assertThat(state.producedTopicNames()).doesNotContain(PENDING_CHANGELOG);
        assertThat(state.audit.readValuesToList()).containsExactly(
                new AuditEvent.Routed(UAID, CHID, 7, Route.DROPPED, null, null, request, state.now()));
    }

    @Test
    void aPutForAConnectedDeviceIsDeliveredMarkedNoStoreAndNotKeptUntilItsAck() {
        start(false, Map.of());
        state.connect(UAID, NODE, "c1", CHID);

        String request = state.put(UAID, CHID, 7);

        assertThat(state.nodeCommands.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(Update.of(CHID, 7)), new ReplyTo(StateDriver.GATEWAY, request, state.now(), state.now()), true));
        assertThat(state.gatewayReplies.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID)).isEmpty();

        state.ack(UAID, NODE, "c1", Update.of(CHID, 7));
        state.hello(UAID, NODE, "c1", 1);
        assertThat(state.producedTopicNames()).doesNotContain(PENDING_CHANGELOG);
    }

    @Test
    void aHelloAfterPutsWhileOfflineFlushesNothing() {
        start(false, Map.of());
        state.connect(UAID, NODE, "c1", CHID, OTHER_CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 4);
        state.put(UAID, OTHER_CHID, 9);
        state.drain();

        state.hello(UAID, NODE, "c2", 2);

        assertThat(state.nodeCommands.readValuesToList())
                .containsExactly(new HelloResult(NODE, "c2", UAID, HelloOutcome.ACCEPTED, false));
    }

    @Test
    void aPutForADeviceAtADeadNodeIsDropped() {
        start(false, Map.of("state.node.dead.after", "6s", "state.node.check.interval", "1s"));
        state.heartbeat(NODE, "aaaa");
        state.connect(UAID, NODE, "aaaa-1", CHID);
        for (int i = 0; i < 8; i++) {
            state.advance(Duration.ofSeconds(1));
            state.heartbeat(2, "bbbb");
        }

        String request = state.put(UAID, CHID, 7);

        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.DROPPED));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID)).isEmpty();
    }

    @Test
    void unregisterAndAResetWriteNothingToPending() {
        start(false, Map.of("hello.max.channels", "1"));
        state.connect(UAID, NODE, "c1", CHID);
        state.deviceEventsUnregister(UAID, NODE, "c1", CHID);
        state.hello(UAID, NODE, "c2", 5);

        assertThat(state.producedTopicNames()).doesNotContain(PENDING_CHANGELOG);
    }

    @Test
    void theDefaultModeStillStoresAndFlushes() {
        start(true, Map.of());
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        String request = state.put(UAID, CHID, 7);
        state.hello(UAID, NODE, "c2", 1);

        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.STORED));
        assertThat(state.nodeCommands.readValuesToList()).containsExactly(
                new HelloResult(NODE, "c2", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(NODE, "c2", UAID, List.of(Update.of(CHID, 7)), null));
        assertThat(state.producedTopicNames()).contains(PENDING_CHANGELOG);
    }

    @Test
    void theSwitchDefaultsToStoring() {
        assertThat(StateConfig.from(dev.simplepush.schemas.config.ConfigSource.of(
                Map.of("state.dir", stateDir.toString()))).rules().storeOffline()).isTrue();
    }
}
