package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.MessageRef;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** webpush.md W3.1, W3.5 and W8 items 11, 12, 13: Web Push messages written to a data-mode device. */
class DataModeDeliveryTest {
    private static final String A = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final String B = "2d9f6c3b-8e5a-4b0f-9c4d-7a3e1f0b2c68";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeCommand.ReplyTo REPLY_TO = new NodeCommand.ReplyTo(2, "req-1", 1);

    private final ConnectionHarness h = new ConnectionHarness();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void aConnectedDataModeDeviceGetsOneNotificationWithTheBodyByteExact() {
        h.identifiedInDataMode();
        byte[] body = new byte[4096];
        new Random(7).nextBytes(body);
        PushMessage message = h.pushMessage(A, "k1", Base64.getUrlEncoder().withoutPadding().encodeToString(body));

        h.command(h.pushDelivery(REPLY_TO, message));

        assertThat(h.socket.sent).hasSize(2);
        JsonNode frame = json(h.socket.last());
        assertThat(frame.get("messageType").textValue()).isEqualTo("notification");
        assertThat(frame.get("channelID").textValue()).isEqualTo(A);
        assertThat(frame.get("version").isTextual()).isTrue();
        assertThat(frame.get("version").textValue()).isEqualTo(message.messageId());
        assertThat(frame.get("ttl").longValue()).isEqualTo(60);
        assertThat(Base64.getUrlDecoder().decode(frame.get("data").textValue())).isEqualTo(body);
        assertThat(frame.get("headers").get("encoding").textValue()).isEqualTo("aes128gcm");
        assertThat(frame.has("updates")).isFalse();
    }

    @Test
    void anAesgcmMessageCarriesItsEncryptionAndCryptoKeyHeaders() {
        h.identifiedInDataMode();
        PushMessage message = new PushMessage(A, h.messageId(UAID, A, "k1"), 30, "AAEC",
                new PushHeaders("aesgcm", "salt=abc", "dh=BDef"));

        h.command(h.pushDelivery(null, message));

        JsonNode headers = json(h.socket.last()).get("headers");
        assertThat(headers.get("encoding").textValue()).isEqualTo("aesgcm");
        assertThat(headers.get("encryption").textValue()).isEqualTo("salt=abc");
        assertThat(headers.get("crypto_key").textValue()).isEqualTo("dh=BDef");
    }

    @Test
    void aMessageWithAnEmptyBodyIsSentWithoutDataAndHeaders() {
        h.identifiedInDataMode();

        h.command(h.pushDelivery(null, h.pushMessage(A, "k1", null)));

        JsonNode frame = json(h.socket.last());
        assertThat(frame.has("data")).isFalse();
        assertThat(frame.has("headers")).isFalse();
        assertThat(frame.get("version").textValue()).isEqualTo(h.messageId(UAID, A, "k1"));
    }

    @Test
    void eachMessageIsItsOwnFrameInOrderAfterTheUpdatesFrame() {
        h.identifiedInDataMode();
        PushMessage first = h.pushMessage(A, "k1", "AAAA");
        PushMessage second = h.pushMessage(B, "k2", "BBBB");

        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(Update.of(A, 5)), null, false,
                List.of(first, second)));

        assertThat(h.socket.sent).hasSize(4);
        assertThat(json(h.socket.sent.get(1)).get("updates").get(0).get("version").longValue()).isEqualTo(5);
        assertThat(json(h.socket.sent.get(2)).get("version").textValue()).isEqualTo(first.messageId());
        assertThat(json(h.socket.sent.get(3)).get("version").textValue()).isEqualTo(second.messageId());
    }

    @Test
    void aLiveDeliveryIsAnsweredDeliveredOnceWritten() {
        h.identifiedInDataMode();
        h.socket.holdWrites = true;

        h.command(h.pushDelivery(REPLY_TO, h.pushMessage(A, "k1", "AAAA")));
        assertThat(h.outbound.replies).isEmpty();

        h.socket.completeHeldWrites(true);
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED));
    }

    @Test
    void aLiveDeliveryToAConnectionThatIsGoneIsAnsweredStored() {
        h.identifiedInDataMode();
        h.connection.transportClosed();

        h.command(h.pushDelivery(REPLY_TO, h.pushMessage(A, "k1", "AAAA")));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        assertThat(h.outbound.audits).noneMatch(AuditEvent.PushDelivered.class::isInstance);
    }

    @Test
    void aLiveDeliveryWhoseFrameFailsIsAnsweredStoredAndDropsTheSocket() {
        h.identifiedInDataMode();
        h.socket.failWrites = true;

        h.command(h.pushDelivery(REPLY_TO, h.pushMessage(A, "k1", "AAAA")));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        assertThat(h.socket.closed()).isTrue();
    }

    @Test
    void aNoStoreLiveDeliveryIsAnsweredDeliveredNotKept() {
        h.identifiedInDataMode();

        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(), REPLY_TO, true,
                List.of(h.pushMessage(A, "k1", "AAAA"))));

        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED_NOT_KEPT));
    }

    @Test
    void eachWrittenMessageIsAuditedByItsChannelKindAndKeyNeverByItsId() {
        h.identifiedInDataMode();
        PushMessage message = h.pushMessage(A, "k1", "AAAA");

        h.command(h.pushDelivery(REPLY_TO, message));

        assertThat(h.outbound.audits).containsExactly(new AuditEvent.PushDelivered(NODE_ID, h.connection.id(), UAID,
                A, MessageRef.Kind.UNIQUE, "k1", "req-1", h.time.millis()));
        assertThat(h.outbound.audits.get(0).toString()).doesNotContain(message.messageId()).doesNotContain("AAAA");
    }

    @Test
    void aLiveMessageCarriesTheRoutingStreamsStateLeftToTheNodeInItsRecord() {
        h.identifiedInDataMode();

        h.command(h.pushDelivery(new NodeCommand.ReplyTo(2, "req-1", 1L, 900L), h.pushMessage(A, "k1", "AAAA")));

        assertThat(h.outbound.audits).containsExactly(new AuditEvent.PushDelivered(NODE_ID, h.connection.id(), UAID,
                A, MessageRef.Kind.UNIQUE, "k1", "req-1", h.time.millis(), 900L));
    }

    @Test
    void aLiveMessageForAConnectionThatIsGoneHasItsRoutingAuditedByTheNode() {
        h.identifiedInDataMode();
        h.connection.transportClosed();

        h.command(h.pushDelivery(new NodeCommand.ReplyTo(2, "req-1", 1L, 900L), h.pushMessage(A, "k1", "AAAA")));

        assertThat(h.outbound.audits).containsExactly(new AuditEvent.PushRouted(UAID, A, MessageRef.Kind.UNIQUE,
                "k1", AuditEvent.PushRoute.NODE, NODE_ID, h.connection.id(), "req-1", 900L));
    }

    @Test
    void aFlushOfMessagesIsAuditedWithoutARequestId() {
        h.identifiedInDataMode();

        h.command(h.pushDelivery(null, h.pushMessage(A, "k1", "AAAA"), h.pushMessage(B, "k2", null)));

        assertThat(h.outbound.audits).extracting(event -> ((AuditEvent.PushDelivered) event).requestId())
                .containsExactly(null, null);
    }

    @Test
    void messagesForASimplePushModeConnectionAreNotWrittenAndALiveOneIsAnsweredStored() {
        h.identified();

        h.command(h.pushDelivery(REPLY_TO, h.pushMessage(A, "k1", "AAAA")));

        assertThat(h.socket.sent).hasSize(1);
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
    }

    @Test
    void aSimplePushModeConnectionStillGetsTheUpdatesOfADeliveryThatAlsoCarriesMessages() {
        h.identified();

        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(Update.of(A, 5)), null, false,
                List.of(h.pushMessage(B, "k2", "BBBB"))));

        assertThat(h.socket.sent).hasSize(2);
        assertThat(json(h.socket.last()).has("updates")).isTrue();
    }

    @Test
    void messagesThatOvertookTheHelloResultAreWrittenAfterTheReplyAndTheFlush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true}");
        PushMessage live = h.pushMessage(A, "live", "LLLL");
        PushMessage pending = h.pushMessage(A, "old", "OOOO");
        h.command(h.pushDelivery(REPLY_TO, live));

        h.command(new NodeCommand.HelloResult(NODE_ID, h.connection.id(), UAID, NodeCommand.HelloOutcome.ACCEPTED,
                true));
        assertThat(h.socket.sent).hasSize(1);
        h.command(h.pushDelivery(null, pending));

        assertThat(h.socket.sent).hasSize(3);
        assertThat(json(h.socket.sent.get(0)).get("use_webpush").booleanValue()).isTrue();
        assertThat(json(h.socket.sent.get(1)).get("version").textValue()).isEqualTo(pending.messageId());
        assertThat(json(h.socket.sent.get(2)).get("version").textValue()).isEqualTo(live.messageId());
        assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED));
    }
}
