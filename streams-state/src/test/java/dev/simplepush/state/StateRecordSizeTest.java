package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.HelloReason;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import java.nio.charset.StandardCharsets;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Bounded state by construction (issue 17): the largest record of every kind streams-state writes,
 * built under the configured limits and serialized as the topology does, fits the bound
 * docs/reliability.md ("Bounded state") gives for it, and every bound fits the topics' record size
 * limit. Our topics and Streams' changelogs are created without {@code max.message.bytes}, so the
 * broker's {@code message.max.bytes} applies (default 1,048,588), and the producer's
 * {@code max.request.size} (default 1,048,576) is the tighter; {@link #RECORD_LIMIT} keeps a margin
 * for the record and batch headers.
 *
 * <p>Worst cases: ids of 36 characters (the longest valid ID), connection ids of 64 characters
 * (longer ones are skipped), request ids of 36 (the gateway's), every free-text character escaped
 * as {@code \\uXXXX} by JSON, numbers at their longest, and {@code data} of
 * {@code gateway.max.data.bytes} (default 4096) UTF-8 bytes.
 */
class StateRecordSizeTest {
    static final int RECORD_LIMIT = 1_048_576 - 4_096;

    /** The documented bounds, key plus value, in bytes (docs/reliability.md, "Bounded state"). */
    static final int REGISTRATION_ROW = 1_024;
    static final int CHANNEL_ROW = 256;
    static final int PENDING_ROW = 256;
    static final int PRESENCE_ROW = 512;
    static final int SMALL_COMMAND = 1_024;
    static final int FLUSH_PER_CHANNEL = 96;
    static final int LIVE_DELIVERY_OVERHEAD = 1_024;
    static final int GATEWAY_REPLY = 512;
    static final int AUDIT_EVENT = 1_024;
    static final int WAKE_REQUEST = 1_024;
    /** A stored Web Push message of {@code webpush.max.payload} (4096) body bytes, as base64url. */
    static final int PUSH_MESSAGE_ROW = 7_168;
    static final int PUSH_INDEX_ROW = 256;
    static final int MAX_PAYLOAD = 4_096;

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String UAID = "0123456789ABCDEF0123456789ABCDEF0123".substring(0, 32) + "-abc";
    private static final String ID = "11111111-2222-4333-8444-555555555555";
    private static final String CONNECTION = "\u0001".repeat(DeviceStateProcessor.MAX_CONNECTION_ID_LENGTH);
    private static final String REQUEST = "\u0001".repeat(36);
    private static final int NODE = Integer.MIN_VALUE;
    private static final long LONGEST = Long.MIN_VALUE;
    private static final WakeData WAKE = new WakeData("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 65535, "999",
            "999", "\u0001".repeat(WakeData.MAX_NETID_LENGTH));

    private static <T> int size(String key, Serializer<T> serializer, T value) {
        return key.getBytes(StandardCharsets.UTF_8).length + serializer.serialize("t", value).length;
    }

    private static <T> int size(Topic<T> topic, T value) {
        return size(UAID, topic.valueSerde().serializer(), value);
    }

    @Test
    void everyBoundFitsTheRecordSizeLimit() {
        assertThat(List.of(REGISTRATION_ROW, CHANNEL_ROW, PENDING_ROW, PRESENCE_ROW, SMALL_COMMAND, GATEWAY_REPLY,
                AUDIT_EVENT, WAKE_REQUEST, LIVE_DELIVERY_OVERHEAD + 6 * 4_096, PUSH_MESSAGE_ROW, PUSH_INDEX_ROW,
                SMALL_COMMAND + WebPushRules.DEFAULT_MAX_UNACKED * PUSH_MESSAGE_ROW,
                SMALL_COMMAND + FLUSH_PER_CHANNEL * StateRules.MAX_MAX_CHANNELS_PER_UAID))
                .allSatisfy(bound -> assertThat(bound).isLessThan(RECORD_LIMIT));
    }

    @Test
    void storeRowsAreSmallWhateverTheDeviceHolds() {
        assertThat(UAID).hasSize(36);
        assertThat(size(UAID, JsonSerde.of(Registration.class).serializer(),
                new Registration(LONGEST, WAKE, LONGEST, StateRules.MAX_MAX_CHANNELS_PER_UAID)))
                .isLessThanOrEqualTo(REGISTRATION_ROW).isLessThanOrEqualTo(UAID.length() + Registration.MAX_JSON_BYTES);
        assertThat(size(StateKeys.channel(UAID, ID), JsonSerde.of(Channel.class).serializer(), new Channel(LONGEST)))
                .isLessThanOrEqualTo(CHANNEL_ROW);
        assertThat(size(StateKeys.channel(UAID, ID), JsonSerde.of(PendingValue.class).serializer(),
                new PendingVersion(LONGEST, LONGEST))).isLessThanOrEqualTo(PENDING_ROW);
        assertThat(size(UAID, JsonSerde.of(Presence.class).serializer(), new Presence(NODE, CONNECTION)))
                .isLessThanOrEqualTo(PRESENCE_ROW);
    }

    @Test
    void commandsOtherThanDeliveriesAreSmall() {
        for (NodeCommand command : List.of(
                new NodeCommand.HelloResult(NODE, CONNECTION, UAID, NodeCommand.HelloOutcome.ACCEPTED, true),
                new NodeCommand.RegisterResult(NODE, CONNECTION, UAID, ID, 413),
                new NodeCommand.UnregisterResult(NODE, CONNECTION, UAID, ID, 200),
                new NodeCommand.CloseConnection(NODE, CONNECTION, UAID),
                new NodeCommand.Deliver(NODE, CONNECTION, UAID, List.of(), new NodeCommand.ReplyTo(NODE, REQUEST,
                        LONGEST)))) {
            assertThat(size(TOPICS.nodeCommands(), command)).as("%s", command.getClass().getSimpleName())
                    .isLessThanOrEqualTo(SMALL_COMMAND);
        }
    }

    @Test
    void aFlushOfEveryChannelAtTheHighestCapFits() {
        for (int channels : List.of(StateRules.DEFAULT_MAX_CHANNELS_PER_UAID, StateRules.MAX_MAX_CHANNELS_PER_UAID)) {
            List<Update> pending = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                pending.add(Update.of(ID, LONGEST));
            }

            int size = size(TOPICS.nodeCommands(), new NodeCommand.Deliver(NODE, CONNECTION, UAID, pending, null));

            assertThat(size).as("a flush of %d", channels)
                    .isLessThanOrEqualTo(SMALL_COMMAND + FLUSH_PER_CHANNEL * channels).isLessThan(RECORD_LIMIT);
        }
    }

    @Test
    void aLiveDeliveryIsItsDataPlusASmallOverhead() {
        int maxDataBytes = 4_096;
        String data = "\u0001".repeat(maxDataBytes);

        NodeCommand.Deliver live = new NodeCommand.Deliver(NODE, CONNECTION, UAID, List.of(new Update(ID, LONGEST,
                data)), new NodeCommand.ReplyTo(NODE, REQUEST, LONGEST), true);

        assertThat(size(TOPICS.nodeCommands(), live)).isLessThanOrEqualTo(LIVE_DELIVERY_OVERHEAD + 6 * maxDataBytes);
        assertThat(size(TOPICS.deliveries(), live)).isLessThanOrEqualTo(LIVE_DELIVERY_OVERHEAD + 6 * maxDataBytes);
    }

    private static final MessageIds IDS = new MessageIds(EndpointTokens.fromBase64(List.of(
            EndpointTokens.generateKey())));
    /** The longest key a message id can name (MessageRef: 64 characters). */
    private static final String LONGEST_KEY = "k".repeat(64);

    private static PushMessage largestMessage(PushHeaders headers) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[MAX_PAYLOAD]);
        return new PushMessage(ID, IDS.encode(MessageRef.topic(UAID, ID, LONGEST_KEY)), Long.MAX_VALUE, body, headers);
    }

    /** aesgcm headers as web-push and pywebpush send them, with room to spare. */
    private static final PushHeaders AESGCM = new PushHeaders("aesgcm", "salt=" + "s".repeat(100),
            "dh=" + "d".repeat(200) + ";p256ecdsa=" + "p".repeat(200));

    @Test
    void aStoredWebPushMessageOfTheLargestBodyFitsItsRowBound() {
        for (PushHeaders headers : List.of(PushHeaders.aes128gcm(), AESGCM)) {
            StoredMessage stored = new StoredMessage(largestMessage(headers), MessageRef.Kind.TOPIC, LONGEST_KEY,
                    LONGEST, Integer.MIN_VALUE, LONGEST);

            assertThat(size(PushKeys.message(UAID, Long.MAX_VALUE), JsonSerde.of(StoredMessage.class).serializer(),
                    stored)).as("%s", headers.encoding()).isLessThanOrEqualTo(PUSH_MESSAGE_ROW);
        }
        assertThat(size(PushKeys.index(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY),
                JsonSerde.of(PushIndexEntry.class).serializer(), new PushIndexEntry(Long.MAX_VALUE)))
                .isLessThanOrEqualTo(PUSH_INDEX_ROW);
    }

    @Test
    void aDeviceRowWithItsWebPushCountersIsStillSmall() {
        Registration registration = new Registration(LONGEST, WAKE, LONGEST, StateRules.MAX_MAX_CHANNELS_PER_UAID,
                null, true, new PushQueue(LONGEST, Integer.MIN_VALUE, LONGEST, LONGEST, Integer.MIN_VALUE));

        assertThat(size(UAID, JsonSerde.of(Registration.class).serializer(), registration))
                .isLessThanOrEqualTo(REGISTRATION_ROW).isLessThanOrEqualTo(UAID.length() + Registration.MAX_JSON_BYTES);
    }

    @Test
    void aWindowOfTheDefaultMaxUnackedLargestMessagesFitsOneRecord() {
        List<PushMessage> window = new ArrayList<>();
        for (int i = 0; i < WebPushRules.DEFAULT_MAX_UNACKED; i++) {
            window.add(largestMessage(AESGCM));
        }
        NodeCommand.Deliver deliver = new NodeCommand.Deliver(NODE, CONNECTION, UAID, List.of(), null, false, window);

        assertThat(size(TOPICS.nodeCommands(), deliver))
                .isLessThanOrEqualTo(SMALL_COMMAND + WebPushRules.DEFAULT_MAX_UNACKED * PUSH_MESSAGE_ROW)
                .isLessThan(RECORD_LIMIT);
        assertThat(window).allSatisfy(message -> assertThat(WebPushDecider.estimatedBytes(message))
                .as("the estimate a window is split by is an upper bound")
                .isGreaterThanOrEqualTo(JsonSerde.of(PushMessage.class).serialize("t", message).length));
    }

    @Test
    void webPushAuditRecordsAreSmall() {
        for (AuditEvent event : List.of(
                new AuditEvent.PushRouted(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY, AuditEvent.PushRoute.AS_VERSION,
                        NODE, CONNECTION, REQUEST, LONGEST),
                new AuditEvent.PushAcked(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY, Integer.MIN_VALUE, true, NODE,
                        CONNECTION, LONGEST),
                new AuditEvent.Nacked(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY, Integer.MIN_VALUE, NODE,
                        CONNECTION, LONGEST),
                new AuditEvent.PushRemoved(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY,
                        AuditEvent.RemoveReason.UNREGISTERED, LONGEST),
                new AuditEvent.Cancelled(UAID, ID, MessageRef.Kind.TOPIC, LONGEST_KEY, REQUEST, true, LONGEST),
                new AuditEvent.Unregistered(UAID, ID, NODE, CONNECTION, 200, LONGEST, Integer.MIN_VALUE))) {
            assertThat(size(TOPICS.audit(), event)).as("%s", event.getClass().getSimpleName())
                    .isLessThanOrEqualTo(AUDIT_EVENT);
        }
    }

    @Test
    void repliesAuditRecordsAndWakeRequestsAreSmall() {
        assertThat(size(TOPICS.gatewayReplies(), new GatewayReply(NODE, REQUEST, PutOutcome.DELIVERED_NOT_KEPT)))
                .isLessThanOrEqualTo(GATEWAY_REPLY);
        for (AuditEvent event : List.of(
                new AuditEvent.Hello(UAID, NODE, CONNECTION, NodeCommand.HelloOutcome.ACCEPTED,
                        HelloReason.UNKNOWN_WITH_CHANNELS, Integer.MIN_VALUE, Integer.MIN_VALUE, LONGEST),
                new AuditEvent.Registered(UAID, ID, NODE, CONNECTION, 413, LONGEST),
                new AuditEvent.Unregistered(UAID, ID, NODE, CONNECTION, 200, LONGEST),
                new AuditEvent.Acked(UAID, ID, LONGEST, NODE, CONNECTION, LONGEST),
                new AuditEvent.Routed(UAID, ID, LONGEST, Route.SUPERSEDED, NODE, CONNECTION, REQUEST, LONGEST),
                new AuditEvent.Expired(UAID, ID, LONGEST, Expired.Reason.PENDING_TTL.name(), LONGEST))) {
            assertThat(size(TOPICS.audit(), event)).as("%s", event.getClass().getSimpleName())
                    .isLessThanOrEqualTo(AUDIT_EVENT);
        }
        assertThat(size(TOPICS.wakeRequests(), new WakeRequest(UAID, WAKE, LONGEST, Integer.MIN_VALUE,
                WakeRequest.Reason.DISCONNECTED, LONGEST))).isLessThanOrEqualTo(WAKE_REQUEST);
    }
}
