package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.NodeCommand.ReplyTo;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state.fast.deliveries} (the default in a deployment): a PUT's delivery to a connected
 * device goes to {@code deliveries}, which nodes read uncommitted; everything whose answer could
 * differ on a replay stays on {@code node-commands}, read committed.
 */
class FastDeliveriesTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final int NODE = 1;

    @TempDir
    Path stateDir;

    private StateDriver state;

    private void start(Map<String, String> settings) {
        state = new StateDriver(stateDir, settings);
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
    }

    @Test
    void aPutForAConnectedDeviceIsDeliveredThroughTheDeliveriesTopic() {
        start(Map.of("state.fast.deliveries", "true"));
        state.connect(UAID, NODE, "c1", CHID);

        String request = state.put(UAID, CHID, 7);

        assertThat(state.deliveries.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(Update.of(CHID, 7)), new ReplyTo(StateDriver.GATEWAY, request, state.now(), state.now())));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID).get(CHID)).isEqualTo(7);
    }

    @Test
    void theHelloResultAndItsFlushStayOnNodeCommands() {
        start(Map.of("state.fast.deliveries", "true"));
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 7);
        state.drain();

        state.hello(UAID, NODE, "c2", 1);

        List<NodeCommand> commands = state.nodeCommands.readValuesToList();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).isInstanceOf(NodeCommand.HelloResult.class);
        assertThat(((NodeCommand.HelloResult) commands.get(0)).flushFollows()).isTrue();
        assertThat(commands.get(1)).isEqualTo(new Deliver(NODE, "c2", UAID, List.of(Update.of(CHID, 7)), null));
        assertThat(state.deliveries.isEmpty()).isTrue();
    }

    @Test
    void aSupersededPutAsksTheNodeThroughTheDeliveriesTopic() {
        start(Map.of("state.fast.deliveries", "true"));
        state.connect(UAID, NODE, "c1", CHID);
        state.put(UAID, CHID, 9);
        state.drain();

        String request = state.put(UAID, CHID, 8);

        assertThat(state.deliveries.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID, List.of(),
                new ReplyTo(StateDriver.GATEWAY, request, state.now())));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
        assertThat(state.pendingVersions(UAID).get(CHID)).isEqualTo(9);
    }

    @Test
    void aPutForAnOfflineDeviceIsStillAnsweredByStreamsStateAfterItsCommit() {
        start(Map.of("state.fast.deliveries", "true"));
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        String request = state.put(UAID, CHID, 7);

        assertThat(state.gatewayReplies.readValuesToList())
                .containsExactly(new GatewayReply(StateDriver.GATEWAY, request, PutOutcome.STORED));
        assertThat(state.deliveries.isEmpty()).isTrue();
    }

    @Test
    void inNoStoreModeTheLiveDeliveryAlsoGoesThroughTheDeliveriesTopic() {
        start(Map.of("state.fast.deliveries", "true", "state.store.offline", "false"));
        state.connect(UAID, NODE, "c1", CHID);

        String request = state.put(UAID, CHID, 7);

        assertThat(state.deliveries.readValuesToList()).containsExactly(new Deliver(NODE, "c1", UAID,
                List.of(Update.of(CHID, 7)), new ReplyTo(StateDriver.GATEWAY, request, state.now(), state.now()), true));
        assertThat(state.nodeCommands.isEmpty()).isTrue();
    }

    @Test
    void withoutFastDeliveriesNothingIsWrittenToTheDeliveriesTopic() {
        start(Map.of("state.fast.deliveries", "false"));
        state.connect(UAID, NODE, "c1", CHID);

        state.put(UAID, CHID, 7);

        assertThat(state.nodeCommands.readValuesToList()).hasSize(1);
        assertThat(state.producedTopicNames()).doesNotContain("deliveries");
    }
}
