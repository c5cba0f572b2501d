package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Web Push queue lives in the stores only (the processor keeps no state of its own between
 * records), so a task restored from its changelogs goes on where it stopped: the watermark, the counters and every message are in its rows.
 */
class WebPushRestartTest {
    private static final String UAID = WebPushTopologyTest.UAID;
    private static final String CHID = WebPushTopologyTest.CHID;
    private static final String OTHER_CHID = WebPushTopologyTest.OTHER_CHID;
    private static final int NODE = 1;
    private static final String KEY = EndpointTokens.generateKey();
    private static final MessageIds IDS = new MessageIds(EndpointTokens.fromBase64(List.of(KEY)));

    @TempDir
    Path stateDir;

    private StateDriver start() {
        return new StateDriver(stateDir, Map.of("token.keys", KEY, "webpush.max.unacked", "10"));
    }

    private static PushMessage post(StateDriver state, String channelId, int n) {
        MessageRef ref = MessageRef.unique(UAID, channelId, "m" + n);
        PushMessage message = new PushMessage(channelId, IDS.encode(ref), 3600, null, null);
        state.pipe(new Notification(state.nextRequestId(), StateDriver.GATEWAY, UAID, channelId, state.now(), null,
                state.now(), new WebPushRequest.Post(message, ref.kind(), ref.key(), null, "normal", 0)));
        return message;
    }

    private static void ack(StateDriver state, String conn, List<PushMessage> messages) {
        List<DeviceEvent.PushAckEntry> entries = new ArrayList<>();
        for (PushMessage message : messages) {
            MessageRef ref = IDS.decode(message.messageId()).orElseThrow();
            entries.add(new DeviceEvent.PushAckEntry(ref.channelId(), ref.kind(), ref.key(), 100));
        }
        state.pipe(new DeviceEvent.PushAck(UAID, NODE, conn, entries, state.now()));
    }

    private static List<PushMessage> sent(StateDriver state) {
        return state.nodeCommands.readValuesToList().stream().filter(NodeCommand.Deliver.class::isInstance)
                .flatMap(c -> ((NodeCommand.Deliver) c).pushMessages().stream()).toList();
    }

    @Test
    void aRestartedTaskGoesOnWithTheSameWindowAndEveryMessageArrivesOnce() {
        List<PushMessage> posted = new ArrayList<>();
        List<PushMessage> received = new ArrayList<>();
        Map<String, List<KeyValue<String, Object>>> restored;
        try (StateDriver state = start()) {
            state.pipe(new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, state.now(), null, 0, true));
            state.register(UAID, NODE, "c1", CHID);
            state.register(UAID, NODE, "c1", OTHER_CHID);
            state.disconnect(UAID, NODE, "c1");
            for (int i = 0; i < 25; i++) {
                posted.add(post(state, i % 2 == 0 ? CHID : OTHER_CHID, i));
            }
            state.drain();
            state.pipe(new DeviceEvent.Hello(UAID, NODE, "c2", 2, false, state.now(), null, 0, true));
            received.addAll(sent(state));
            ack(state, "c2", received.subList(0, 4));
            received.addAll(sent(state));
            restored = state.snapshot();
        }
        assertThat(received).hasSize(14);

        // TopologyTestDriver deletes its state directory on close, so the new task gets the rows as
        // a restore from the changelogs would give them.
        try (StateDriver state = start()) {
            state.restore(restored);
            assertThat(state.registrations().get(UAID).queue())
                    .as("the watermark and the counters survived").isEqualTo(new PushQueue(25, 21, 0, 13, 10));
            while (received.size() < posted.size()) {
                // The oldest in flight; its ack makes room for exactly one more.
                int oldest = received.size() - 10;
                int before = received.size();
                ack(state, "c2", received.subList(oldest, oldest + 1));
                received.addAll(sent(state));
                assertThat(received).hasSize(before + 1);
            }
            ack(state, "c2", received.subList(received.size() - 10, received.size()));
            assertThat(state.registrations().get(UAID).queue().count()).isZero();
        }
        assertThat(received).containsExactlyElementsOf(posted);
    }
}
