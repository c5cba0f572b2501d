package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.token.MessageRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebPushRecordsTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";

    @Test
    void aPostSurvivesTheNotificationsSerde() {
        JsonSerde<Notification> serde = JsonSerde.of(Notification.class);
        PushMessage message = new PushMessage(CHID, "mid", 60, "AAEC", new PushHeaders("aesgcm", "salt=x", "dh=y"));
        Notification post = new Notification("3-1", 3, UAID, CHID, 1_000L, null, 1_000L,
                new WebPushRequest.Post(message, MessageRef.Kind.TOPIC, "news", "news", "high", 3));

        assertThat(serde.deserialize("t", serde.serialize("t", post))).isEqualTo(post);
    }

    @Test
    void aRecordWrittenBeforeWebPushReadsAsAPut() {
        String json = "{\"requestId\":\"3-1\",\"gatewayId\":3,\"uaid\":\"" + UAID + "\",\"channelId\":\"" + CHID
                + "\",\"version\":5,\"acceptedAtMillis\":9}";

        Notification read = JsonSerde.of(Notification.class).deserialize("t", json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.isPut()).isTrue();
        assertThat(read.version()).isEqualTo(5);
    }

    @Test
    void aPutIsWrittenWithoutAWebPushField() {
        byte[] json = JsonSerde.of(Notification.class).serialize("t",
                new Notification("3-1", 3, UAID, CHID, 5, null, 9));

        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("webPush").doesNotContain("put");
    }

    @Test
    void aDeliverCarriesMessagesWithTheHeaderNamesGeckoReads() {
        JsonSerde<NodeCommand> serde = JsonSerde.of(NodeCommand.class);
        NodeCommand deliver = new NodeCommand.Deliver(1, "c1", UAID, List.of(), null, false,
                List.of(new PushMessage(CHID, "mid", 60, "AAEC", new PushHeaders("aesgcm", "salt=x", "dh=y"))));

        byte[] json = serde.serialize("t", deliver);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"crypto_key\":\"dh=y\"");
        assertThat(serde.deserialize("t", json)).isEqualTo(deliver);
    }

    @Test
    void aDeliverWithoutMessagesHasNone() {
        NodeCommand.Deliver deliver = new NodeCommand.Deliver(1, "c1", UAID, List.of(Update.of(CHID, 5)), null);

        assertThat(deliver.pushMessages()).isEmpty();
    }

    @Test
    void dataModeDeviceEventsSurviveTheSerde() {
        JsonSerde<DeviceEvent> serde = JsonSerde.of(DeviceEvent.class);
        List<DeviceEvent> events = List.of(
                new DeviceEvent.Hello(UAID, 1, "c1", 0, false, 5, null, 0, true),
                new DeviceEvent.Register(UAID, 1, "c1", CHID, 5, true),
                new DeviceEvent.Unregister(UAID, 1, "c1", CHID, 5, 201),
                new DeviceEvent.PushAck(UAID, 1, "c1",
                        List.of(new DeviceEvent.PushAckEntry(CHID, MessageRef.Kind.UNIQUE, "k", 101)), 5),
                new DeviceEvent.Nack(UAID, 1, "c1", null, null, null, 302, 5));

        for (DeviceEvent event : events) {
            assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
        }
    }
}
