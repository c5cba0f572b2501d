package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which topic each Web Push delivery takes, and windows split to fit the write limit. */
class WebPushDeliveriesTest {
    private static final String UAID = WebPushTopologyTest.UAID;
    private static final String CHID = WebPushTopologyTest.CHID;
    private static final int NODE = 1;
    private static final String KEY = EndpointTokens.generateKey();
    private static final MessageIds IDS = new MessageIds(EndpointTokens.fromBase64(List.of(KEY)));

    @TempDir
    Path stateDir;

    private StateDriver state;
    private int posts;

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("token.keys", KEY));
        settings.putAll(extra);
        state = new StateDriver(stateDir, settings);
        state.pipe(new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, state.now(), null, 0, true));
        state.register(UAID, NODE, "c1", CHID);
        state.drain();
    }

    @AfterEach
    void stop() {
        state.close();
    }

    private MessageRef post(int bodyBytes) {
        MessageRef ref = MessageRef.unique(UAID, CHID, "p" + (++posts));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[bodyBytes]);
        PushMessage message = new PushMessage(CHID, IDS.encode(ref), 60, body, PushHeaders.aes128gcm());
        state.pipe(new Notification(state.nextRequestId(), StateDriver.GATEWAY, UAID, CHID, state.now(), null,
                state.now(), new WebPushRequest.Post(message, ref.kind(), ref.key(), null, "normal", bodyBytes)));
        return ref;
    }

    private static List<PushMessage> messagesIn(List<NodeCommand> commands) {
        return commands.stream().filter(Deliver.class::isInstance).flatMap(c -> ((Deliver) c).pushMessages().stream())
                .toList();
    }

    @Test
    void withFastDeliveriesLiveMessagesAndLaterWindowsTakeTheDeliveriesTopicAndTheFlushFollowsTheHelloResult() {
        start(Map.of("state.fast.deliveries", "true", "webpush.max.unacked", "1"));
        MessageRef first = post(100);
        post(100);
        assertThat(messagesIn(state.deliveries.readValuesToList())).hasSize(1);

        state.pipe(new DeviceEvent.PushAck(UAID, NODE, "c1",
                List.of(new DeviceEvent.PushAckEntry(CHID, first.kind(), first.key(), 100)), state.now()));
        assertThat(messagesIn(state.deliveries.readValuesToList()))
                .as("the next window keeps its order with later live deliveries").hasSize(1);
        assertThat(state.nodeCommands.readValuesToList()).isEmpty();

        state.disconnect(UAID, NODE, "c1");
        state.pipe(new DeviceEvent.Hello(UAID, NODE, "c2", 1, false, state.now(), null, 0, true));
        List<NodeCommand> commands = state.nodeCommands.readValuesToList();
        assertThat(commands.get(0)).isInstanceOf(NodeCommand.HelloResult.class);
        assertThat(messagesIn(commands)).as("the flush, behind its hello result").hasSize(1);
    }

    @Test
    void aWindowTooLargeForTheWriteLimitIsSplitIntoDeliveriesThatFit() {
        start(Map.of("state.max.record.bytes", "16384"));
        state.disconnect(UAID, NODE, "c1");
        for (int i = 0; i < 10; i++) {
            post(4096);
        }
        state.drain();

        state.pipe(new DeviceEvent.Hello(UAID, NODE, "c2", 1, false, state.now(), null, 0, true));

        List<NodeCommand> commands = state.nodeCommands.readValuesToList();
        List<Deliver> delivers = commands.stream().filter(Deliver.class::isInstance).map(Deliver.class::cast)
                .toList();
        assertThat(delivers).hasSizeGreaterThan(3);
        assertThat(messagesIn(commands)).hasSize(10);
        assertThat(delivers).allSatisfy(deliver -> assertThat(Topics.DEFAULT.nodeCommands().valueSerde()
                .serializer().serialize("node-commands", deliver).length).isLessThan(16384));
    }
}
