package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.token.MessageRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** webpush.md W2.3, W2.4 and W8 item 17: acks by message id, and nacks. */
class DataModeAckTest {
    private static final String A = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final String B = "2d9f6c3b-8e5a-4b0f-9c4d-7a3e1f0b2c68";

    private final ConnectionHarness h = new ConnectionHarness();

    private static String entry(String channelId, String messageId, int code) {
        return "{\"channelID\":\"" + channelId + "\",\"version\":\"" + messageId + "\",\"code\":" + code + "}";
    }

    private void ack(String... entries) {
        h.receive("{\"messageType\":\"ack\",\"updates\":[" + String.join(",", entries) + "]}");
    }

    /** Identified in data mode, with one message of each channel written. */
    private PushMessage[] written(String... channelIds) {
        h.identifiedInDataMode();
        PushMessage[] messages = new PushMessage[channelIds.length];
        for (int i = 0; i < channelIds.length; i++) {
            messages[i] = h.pushMessage(channelIds[i], "k" + i, "AAAA");
        }
        h.command(h.pushDelivery(null, messages));
        return messages;
    }

    /** One character in the middle changed, so it is never the id itself. */
    private static String tampered(String id) {
        char middle = id.charAt(id.length() / 2);
        return id.substring(0, id.length() / 2) + (middle == 'A' ? 'B' : 'A') + id.substring(id.length() / 2 + 1);
    }

    private List<DeviceEvent.PushAck> pushAcks() {
        return h.outbound.eventsOf(DeviceEvent.PushAck.class);
    }

    @Test
    void anAckOfWrittenMessagesBecomesOnePushAckWithTheirCodes() {
        PushMessage[] messages = written(A, B);
        int sent = h.socket.sent.size();

        ack(entry(A, messages[0].messageId(), 100), entry(B, messages[1].messageId(), 101));

        assertThat(pushAcks()).containsExactly(new DeviceEvent.PushAck(UAID, NODE_ID, h.connection.id(), List.of(
                new DeviceEvent.PushAckEntry(A, MessageRef.Kind.UNIQUE, "k0", 100),
                new DeviceEvent.PushAckEntry(B, MessageRef.Kind.UNIQUE, "k1", 101)), h.time.millis()));
        assertThat(h.socket.sent).as("an ack gets no reply").hasSize(sent);
        assertThat(h.outbound.eventsOf(DeviceEvent.Ack.class)).isEmpty();
    }

    @Test
    void aCodeOutsideTheSpecsIsPassedOnAsSent() {
        PushMessage[] messages = written(A);

        ack(entry(A, messages[0].messageId(), 999));

        assertThat(pushAcks().get(0).entries()).extracting(DeviceEvent.PushAckEntry::code).containsExactly(999);
    }

    @Test
    void entriesWhoseMessageIdIsForgedOrNamesAnotherUaidOrChannelAreDropped() {
        PushMessage[] messages = written(A, B);
        String otherUaid = h.messageId("0f3c2a7e4b1d4e8fa0c65d2b7e19f4a3", A, "k0");
        String forged = tampered(messages[0].messageId());

        ack(entry(A, otherUaid, 100), entry(B, messages[0].messageId(), 100), entry(A, forged, 100),
                entry(A, "not-an-id", 100));

        assertThat(pushAcks()).isEmpty();
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void anEntryForAChannelThisConnectionWasNeverSentIsDropped() {
        written(A);

        ack(entry(B, h.messageId(UAID, B, "k9"), 100));

        assertThat(pushAcks()).isEmpty();
    }

    @Test
    void beforeAnythingWasWrittenADataModeAckIsDropped() {
        h.identifiedInDataMode();

        ack(entry(A, h.messageId(UAID, A, "k0"), 100));

        assertThat(pushAcks()).isEmpty();
    }

    @Test
    void aDataModeAckOverTheEntryLimitGetsEcho401AndACloseAsInSimplePushMode() {
        ConnectionHarness small = new ConnectionHarness(
                ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100), HelloBalancer.OFF,
                BroadcastVersions.NONE, new MessageParser(1024 * 1024, 1));
        small.identifiedInDataMode();

        small.receive("{\"messageType\":\"ack\",\"updates\":[" + entry(A, "m1", 100) + "," + entry(A, "m2", 100)
                + "]}");

        assertThat(small.socket.last()).contains("\"status\":401");
        assertThat(small.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aSimplePushModeAckWithMessageIdsWritesNothing() {
        h.identified();
        h.delivered(A);

        ack(entry(A, h.messageId(UAID, A, "k0"), 100));

        assertThat(pushAcks()).isEmpty();
        assertThat(h.outbound.eventsOf(DeviceEvent.Ack.class)).isEmpty();
    }

    @Test
    void aNackNamingOneOfTheDevicesMessagesIsPassedOnWithoutReplyOrClose() {
        PushMessage[] messages = written(A);
        int sent = h.socket.sent.size();

        h.receive("{\"messageType\":\"nack\",\"version\":\"" + messages[0].messageId() + "\",\"code\":302}");

        assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Nack(UAID, NODE_ID, h.connection.id(), A,
                MessageRef.Kind.UNIQUE, "k0", 302, h.time.millis()));
        assertThat(h.socket.sent).hasSize(sent);
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void aNackWhoseVersionIsNoMessageIdOfTheDeviceIsPassedOnWithoutAMessage() {
        h.identifiedInDataMode();

        h.receive("{\"messageType\":\"nack\",\"version\":\"" + h.messageId("0f3c2a7e4b1d4e8fa0c65d2b7e19f4a3", A, "k")
                + "\",\"code\":301}");
        h.receive("{\"messageType\":\"nack\",\"version\":12}");

        assertThat(h.outbound.eventsOf(DeviceEvent.Nack.class)).containsExactly(
                new DeviceEvent.Nack(UAID, NODE_ID, h.connection.id(), null, null, null, 301, h.time.millis()),
                new DeviceEvent.Nack(UAID, NODE_ID, h.connection.id(), null, null, null, 0, h.time.millis()));
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void aNackIsAcceptedInSimplePushModeToo() {
        h.identified();

        h.receive("{\"messageType\":\"nack\",\"version\":\"x\",\"code\":303}");

        assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Nack.class);
        assertThat(h.socket.sent).hasSize(1);
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void aNackBeforeHelloIsACommandBeforeHello() {
        h.receive("{\"messageType\":\"nack\",\"version\":\"x\",\"code\":303}");

        assertThat(h.socket.last()).contains("\"status\":401");
        assertThat(h.socket.closeCode).isEqualTo(1000);
        assertThat(h.outbound.events).isEmpty();
    }
}
