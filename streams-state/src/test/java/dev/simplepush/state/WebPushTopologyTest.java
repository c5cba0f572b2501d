package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.PushRoute;
import dev.simplepush.schemas.audit.AuditEvent.RemoveReason;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec W1–W4 in streams-state: the Web Push queue, its flow control and its audit trail. */
class WebPushTopologyTest {
    static final String UAID = "0123456789abcdef0123456789abcdef";
    static final String CHID = "11111111-2222-4333-8444-555555555555";
    static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    static final String THIRD_CHID = "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    static final int NODE = 1;
    static final String KEY = EndpointTokens.generateKey();
    static final MessageIds IDS = new MessageIds(EndpointTokens.fromBase64(List.of(KEY)));
    /** An aes128gcm body's base64url: what the gateway puts in a message, never in an audit record. */
    static final String BODY = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB";

    @TempDir
    Path stateDir;

    private StateDriver state;
    private int uniques;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extra) {
        if (state != null) {
            state.close();
        }
        Map<String, String> settings = new HashMap<>(Map.of("token.keys", KEY, "state.expiry.interval", "1m"));
        settings.putAll(extra);
        state = new StateDriver(stateDir, settings);
    }

    @AfterEach
    void stop() {
        state.close();
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** A data-mode device that said hello on (node, conn) and registered the channels; outputs drained. */
    private void connectDataMode(String conn, String... channelIds) {
        state.pipe(new DeviceEvent.Hello(UAID, NODE, conn, 0, true, state.now(), null, 0, true));
        for (String channelId : channelIds) {
            state.register(UAID, NODE, conn, channelId);
        }
        state.drain();
        state.audit.readValuesToList();
    }

    private void helloDataMode(String conn, int channels) {
        state.pipe(new DeviceEvent.Hello(UAID, NODE, conn, channels, false, state.now(), null, 0, true));
    }

    private void offline(String conn) {
        state.disconnect(UAID, NODE, conn);
    }

    record Posted(String requestId, PushMessage message, MessageRef ref) {
    }

    private Posted post(String channelId, long ttl) {
        return post(channelId, ttl, null, 40);
    }

    private Posted post(String channelId, long ttl, String topic, int bodyBytes) {
        MessageRef ref = topic == null ? MessageRef.unique(UAID, channelId, "u" + (++uniques))
                : MessageRef.topic(UAID, channelId, topic);
        PushMessage message = new PushMessage(channelId, IDS.encode(ref), ttl, BODY, PushHeaders.aes128gcm());
        String requestId = state.nextRequestId();
        state.pipe(new Notification(requestId, StateDriver.GATEWAY, UAID, channelId, state.now(), null, state.now(),
                new WebPushRequest.Post(message, ref.kind(), ref.key(), topic, "normal", bodyBytes)));
        return new Posted(requestId, message, ref);
    }

    private void cancel(MessageRef ref) {
        state.pipe(new Notification(state.nextRequestId(), StateDriver.GATEWAY, UAID, ref.channelId(), 0, null,
                state.now(), new WebPushRequest.Cancel(ref.kind(), ref.key())));
    }

    private void ack(String conn, int code, MessageRef... refs) {
        List<DeviceEvent.PushAckEntry> entries = new ArrayList<>();
        for (MessageRef ref : refs) {
            entries.add(new DeviceEvent.PushAckEntry(ref.channelId(), ref.kind(), ref.key(), code));
        }
        state.pipe(new DeviceEvent.PushAck(UAID, NODE, conn, entries, state.now()));
    }

    private List<PutOutcome> outcomes() {
        return state.gatewayReplies.readValuesToList().stream().map(GatewayReply::outcome).toList();
    }

    private List<NodeCommand> commands() {
        return state.nodeCommands.readValuesToList();
    }

    /** The Web Push messages of every Deliver in {@code commands}, in order. */
    private static List<PushMessage> messagesIn(List<NodeCommand> commands) {
        return commands.stream().filter(Deliver.class::isInstance).map(Deliver.class::cast)
                .flatMap(d -> d.pushMessages().stream()).toList();
    }

    private <T extends AuditEvent> List<T> audited(Class<T> type) {
        return state.audit.readValuesToList().stream().filter(type::isInstance).map(type::cast).toList();
    }

    // --- W1 hello ---------------------------------------------------------------------------------

    @Test
    void aDataModeHelloWithAnUnknownUaidIsResetEvenWithoutChannels() {
        helloDataMode("c1", 0);

        assertThat(commands()).containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.RESET, false));
        assertThat(state.registrations().get(UAID)).isNull();
        assertThat(audited(AuditEvent.Hello.class)).extracting(AuditEvent.Hello::reason)
                .containsExactly(AuditEvent.HelloReason.UNKNOWN_IN_DATA_MODE);
    }

    @Test
    void aDataModeHelloWithAUaidTheNodeJustGeneratedIsAdoptedAndItsModeRecorded() {
        state.pipe(new DeviceEvent.Hello(UAID, NODE, "c1", 0, true, state.now(), null, 0, true));

        assertThat(commands()).containsExactly(new HelloResult(NODE, "c1", UAID, HelloOutcome.ACCEPTED, false));
        assertThat(state.registrations().get(UAID).webPush()).isTrue();

        state.hello(UAID, NODE, "c2", 0);
        assertThat(state.registrations().get(UAID).webPush()).as("the latest hello's mode").isFalse();
    }

    // --- W3.2, W3.3 flush and live delivery ----------------------------------------------------------

    @Test
    void postsToAnOfflineDeviceAreStoredAndFlushedOldestFirstAfterTheHelloResult() {
        connectDataMode("c1", CHID, OTHER_CHID);
        offline("c1");
        Posted first = post(CHID, 60);
        Posted second = post(OTHER_CHID, 60);
        Posted third = post(CHID, 60);

        assertThat(outcomes()).containsExactly(PutOutcome.STORED, PutOutcome.STORED, PutOutcome.STORED);
        assertThat(audited(AuditEvent.PushRouted.class)).extracting(AuditEvent.PushRouted::route)
                .containsExactly(PushRoute.STORED, PushRoute.STORED, PushRoute.STORED);

        helloDataMode("c2", 2);

        assertThat(commands()).containsExactly(
                new HelloResult(NODE, "c2", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(NODE, "c2", UAID, List.of(), null, false,
                        List.of(first.message(), second.message(), third.message())));
    }

    @Test
    void aPostToAConnectedDataModeDeviceIsSentLiveAndTheNodeAnswers() {
        connectDataMode("c1", CHID);

        Posted posted = post(CHID, 60);

        assertThat(commands()).containsExactly(new Deliver(NODE, "c1", UAID, List.of(),
                new NodeCommand.ReplyTo(StateDriver.GATEWAY, posted.requestId(), state.now(), state.now()), false,
                List.of(posted.message())));
        assertThat(outcomes()).as("the node answers, not streams-state").isEmpty();
        assertThat(audited(AuditEvent.PushRouted.class)).as("the node audits the routing with its delivery")
                .isEmpty();
    }

    @Test
    void anUnackedMessageIsSentAgainAfterReconnectAndAnAckedOneIsNot() {
        connectDataMode("c1", CHID);
        Posted acked = post(CHID, 60);
        Posted unacked = post(CHID, 60);
        ack("c1", 100, acked.ref());
        offline("c1");
        state.drain();

        helloDataMode("c2", 1);

        assertThat(messagesIn(commands())).containsExactly(unacked.message());
    }

    // --- W2.3 ack, W2.4 nack --------------------------------------------------------------------------

    @Test
    void acksWithCodes101And102AlsoRemoveTheMessageAndAnUnknownOneIsIgnored() {
        connectDataMode("c1", CHID);
        Posted first = post(CHID, 60);
        Posted second = post(CHID, 60);
        state.audit.readValuesToList();

        ack("c1", 101, first.ref());
        ack("c1", 102, second.ref(), MessageRef.unique(UAID, CHID, "never-sent"));

        assertThat(audited(AuditEvent.PushAcked.class))
                .extracting(AuditEvent.PushAcked::key, AuditEvent.PushAcked::code, AuditEvent.PushAcked::removed)
                .containsExactly(tuple(first.ref().key(), 101, true), tuple(second.ref().key(), 102, true),
                        tuple("never-sent", 102, false));
        assertThat(state.registrations().get(UAID).queue().count()).isZero();
        assertThat(state.webPushCount(MetricName.STATE_WEBPUSH_ACKS, "102")).isEqualTo(2.0);
        state.drain();
        offline("c1");
        helloDataMode("c2", 1);
        assertThat(messagesIn(commands())).isEmpty();
    }

    @Test
    void aNackIsAuditedAndCountedAndChangesNothing() {
        connectDataMode("c1", CHID);
        Posted posted = post(CHID, 60);
        state.drain();
        state.audit.readValuesToList();

        state.pipe(new DeviceEvent.Nack(UAID, NODE, "c1", CHID, MessageRef.Kind.UNIQUE, posted.ref().key(), 302,
                state.now()));

        assertThat(commands()).isEmpty();
        assertThat(outcomes()).isEmpty();
        assertThat(audited(AuditEvent.Nacked.class)).extracting(AuditEvent.Nacked::code).containsExactly(302);
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(1);
        assertThat(state.webPushCount(MetricName.STATE_WEBPUSH_NACKS, "302")).isEqualTo(1.0);
    }

    @Test
    void aPostWithAKeyOfAnotherFormIsSetAsideAndTheNextRecordIsServed() {
        connectDataMode("c1", CHID);
        PushMessage message = new PushMessage(CHID, "id", 60, null, null);
        state.pipe(new Notification("bad", StateDriver.GATEWAY, UAID, CHID, state.now(), null, state.now(),
                new WebPushRequest.Post(message, MessageRef.Kind.UNIQUE, "a/b".repeat(40), null, "normal", 0)));

        Posted good = post(CHID, 60);

        assertThat(messagesIn(commands())).containsExactly(good.message());
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(1);
    }

    // --- W4.5 TTL 0, W3.3 expiry -----------------------------------------------------------------------

    @Test
    void aTtlZeroPostToAnOfflineDeviceIsDroppedAndNeverDelivered() {
        connectDataMode("c1", CHID);
        offline("c1");

        post(CHID, 0);

        assertThat(outcomes()).containsExactly(PutOutcome.DROPPED);
        assertThat(audited(AuditEvent.PushRouted.class)).extracting(AuditEvent.PushRouted::route)
                .containsExactly(PushRoute.DROPPED);
        helloDataMode("c2", 1);
        assertThat(messagesIn(commands())).isEmpty();
    }

    @Test
    void aTtlZeroPostToAConnectedDeviceIsSentLiveAndNotKept() {
        connectDataMode("c1", CHID);

        Posted posted = post(CHID, 0);

        List<NodeCommand> sent = commands();
        assertThat(sent).hasSize(1);
        Deliver deliver = (Deliver) sent.get(0);
        assertThat(deliver.noStore()).isTrue();
        assertThat(deliver.replyTo().requestId()).isEqualTo(posted.requestId());
        assertThat(deliver.pushMessages()).containsExactly(posted.message());
        assertThat(state.registrations().get(UAID).queue().count()).isZero();
    }

    @Test
    void anExpiredMessageIsNeverDeliveredAndItsExpiryIsAudited() {
        connectDataMode("c1", CHID);
        offline("c1");
        post(CHID, 30);
        Posted lasting = post(CHID, 3600);
        state.audit.readValuesToList();

        state.advance(Duration.ofSeconds(31));
        helloDataMode("c2", 1);

        assertThat(messagesIn(commands())).containsExactly(lasting.message());
        assertThat(audited(AuditEvent.PushRemoved.class)).extracting(AuditEvent.PushRemoved::reason)
                .containsExactly(RemoveReason.EXPIRED);
    }

    @Test
    void theExpiryPassRemovesExpiredMessagesOfOfflineDevices() {
        connectDataMode("c1", CHID);
        offline("c1");
        post(CHID, 30);
        state.audit.readValuesToList();

        state.advance(Duration.ofMinutes(2), Duration.ofMinutes(1));

        assertThat(audited(AuditEvent.PushRemoved.class)).extracting(AuditEvent.PushRemoved::reason)
                .containsExactly(RemoveReason.EXPIRED);
        assertThat(state.registrations().get(UAID).queue()).extracting(PushQueue::count, PushQueue::bytes)
                .containsExactly(0, 0L);
        assertThat(state.webPushCount(MetricName.STATE_WEBPUSH_REMOVED, "expired")).isEqualTo(1.0);
    }

    @Test
    void anExpiredMessageInFlightFreesItsSlotForTheNextOne() {
        start(Map.of("webpush.max.unacked", "1"));
        connectDataMode("c1", CHID);
        post(CHID, 30);
        Posted waiting = post(CHID, 3600);
        state.drain();

        state.advance(Duration.ofMinutes(2), Duration.ofMinutes(1));

        assertThat(messagesIn(commands())).containsExactly(waiting.message());
        assertThat(state.registrations().get(UAID).queue()).extracting(PushQueue::count, PushQueue::inFlight)
                .containsExactly(1, 1);
    }

    // --- W4.6 topic, W4.8 cancel ------------------------------------------------------------------------

    @Test
    void aTopicReplacesThePendingMessageWithTheSameTopicAndKeepsItsId() {
        connectDataMode("c1", CHID);
        offline("c1");
        Posted old = post(CHID, 60, "weather", 40);
        Posted other = post(CHID, 60, "news", 40);
        Posted replacement = post(CHID, 60, "weather", 40);
        assertThat(replacement.message().messageId()).isEqualTo(old.message().messageId());
        state.audit.readValuesToList();
        state.drain();

        helloDataMode("c2", 1);

        assertThat(messagesIn(commands())).containsExactly(other.message(), replacement.message());
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(2);
    }

    @Test
    void aReplacementIsAuditedAsReplaced() {
        connectDataMode("c1", CHID);
        offline("c1");
        post(CHID, 60, "weather", 40);
        state.audit.readValuesToList();

        post(CHID, 60, "weather", 40);

        assertThat(audited(AuditEvent.PushRemoved.class)).extracting(AuditEvent.PushRemoved::kind,
                AuditEvent.PushRemoved::key, AuditEvent.PushRemoved::reason)
                .containsExactly(tuple(MessageRef.Kind.TOPIC, "weather", RemoveReason.REPLACED));
    }

    @Test
    void aLateAckForATopicMessageReplacedSinceDoesNotRemoveTheUnsentReplacement() {
        start(Map.of("webpush.max.unacked", "1"));
        connectDataMode("c1", CHID);
        Posted first = post(CHID, 60);
        Posted topic = post(CHID, 60, "weather", 40);
        post(CHID, 60, "weather", 40);
        state.audit.readValuesToList();

        ack("c1", 100, topic.ref());

        assertThat(audited(AuditEvent.PushAcked.class)).extracting(AuditEvent.PushAcked::removed)
                .containsExactly(false);
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(2);
        assertThat(first).isNotNull();
    }

    @Test
    void aCancelledMessageIsNeverDeliveredAndTheCancelIsAudited() {
        connectDataMode("c1", CHID);
        offline("c1");
        Posted cancelled = post(CHID, 60);
        Posted kept = post(CHID, 60);
        state.drain();
        state.audit.readValuesToList();

        cancel(cancelled.ref());
        cancel(cancelled.ref());

        assertThat(outcomes()).as("the gateway answered 204 itself").isEmpty();
        assertThat(audited(AuditEvent.Cancelled.class)).extracting(AuditEvent.Cancelled::pending)
                .containsExactly(true, false);
        helloDataMode("c2", 1);
        assertThat(messagesIn(commands())).containsExactly(kept.message());
    }

    // --- W4.7 caps --------------------------------------------------------------------------------------

    @Test
    void aPostOverThePerChannelCapGetsPendingFullAndNothingAcceptedIsLost() {
        start(Map.of("webpush.max.pending.per.channel", "2"));
        connectDataMode("c1", CHID, OTHER_CHID);
        offline("c1");
        Posted first = post(CHID, 60, "t1", 40);
        Posted second = post(CHID, 60);
        post(CHID, 60);
        Posted replacement = post(CHID, 60, "t1", 40);
        Posted otherChannel = post(OTHER_CHID, 60);

        assertThat(outcomes()).containsExactly(PutOutcome.STORED, PutOutcome.STORED, PutOutcome.PENDING_FULL,
                PutOutcome.STORED, PutOutcome.STORED);
        assertThat(audited(AuditEvent.PushRouted.class)).extracting(AuditEvent.PushRouted::route)
                .containsExactly(PushRoute.STORED, PushRoute.STORED, PushRoute.OVER_CAP, PushRoute.STORED,
                        PushRoute.STORED);
        helloDataMode("c2", 2);
        assertThat(messagesIn(commands())).containsExactly(second.message(), replacement.message(),
                otherChannel.message());
        assertThat(first.message().messageId()).isEqualTo(replacement.message().messageId());
    }

    @Test
    void aPostOverThePendingBytesOfTheUaidGetsPendingFull() {
        start(Map.of("webpush.max.pending.bytes.per.uaid", "5000"));
        connectDataMode("c1", CHID, OTHER_CHID);
        offline("c1");
        post(CHID, 60, null, 4096);
        post(OTHER_CHID, 60, null, 1000);
        post(OTHER_CHID, 60, null, 904);

        assertThat(outcomes()).containsExactly(PutOutcome.STORED, PutOutcome.PENDING_FULL, PutOutcome.STORED);
        assertThat(state.registrations().get(UAID).queue().bytes()).isEqualTo(5000);
    }

    // --- W3.4 flow control -------------------------------------------------------------------------------

    @Test
    void moreThanMaxUnackedPendingAreSentInWindowsAsAcksArriveEachExactlyOnce() {
        // Three channels: each stays under webpush.max.pending.per.channel (100).
        List<String> channels = List.of(CHID, OTHER_CHID, THIRD_CHID);
        connectDataMode("c1", channels.toArray(String[]::new));
        offline("c1");
        List<Posted> posted = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            posted.add(post(channels.get(i % 3), 3600));
        }
        assertThat(outcomes()).hasSize(250).containsOnly(PutOutcome.STORED);

        helloDataMode("c2", 3);
        List<PushMessage> received = new ArrayList<>(messagesIn(commands()));
        assertThat(received).hasSize(100);
        // Acks one at a time: each frees one slot, and the next message follows in order.
        Map<String, Posted> byId = posted.stream().collect(Collectors.toMap(p -> p.message().messageId(), p -> p));
        int acked = 0;
        while (acked < received.size()) {
            ack("c2", 100, byId.get(received.get(acked).messageId()).ref());
            acked++;
            received.addAll(messagesIn(commands()));
            assertThat(received.size() - acked).as("in flight").isLessThanOrEqualTo(100);
        }

        assertThat(received).containsExactlyElementsOf(posted.stream().map(Posted::message).toList());
        assertThat(state.registrations().get(UAID).queue()).extracting(PushQueue::count, PushQueue::inFlight)
                .containsExactly(0, 0);
    }

    @Test
    void aNewPostWaitsBehindAFullWindowAndFollowsTheOthersInOrder() {
        start(Map.of("webpush.max.unacked", "2"));
        connectDataMode("c1", CHID);
        Posted first = post(CHID, 60);
        Posted second = post(CHID, 60);
        state.drain();

        Posted third = post(CHID, 60);
        assertThat(outcomes()).containsExactly(PutOutcome.STORED);
        assertThat(commands()).isEmpty();

        ack("c1", 100, first.ref(), second.ref());
        assertThat(commands()).containsExactly(new Deliver(NODE, "c1", UAID, List.of(), null, false,
                List.of(third.message())));
    }

    @Test
    void anAckFromAnOlderConnectionSendsNoWindowToIt() {
        start(Map.of("webpush.max.unacked", "1"));
        connectDataMode("c1", CHID);
        Posted first = post(CHID, 60);
        post(CHID, 60);
        state.drain();
        helloDataMode("c2", 1);
        state.drain();

        ack("c1", 100, first.ref());

        assertThat(commands()).as("c2 already has its window; c1 is gone").isEmpty();
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(1);
    }

    // --- W3.9 mixed modes ----------------------------------------------------------------------------------

    @Test
    void aPutToADataModeDeviceIsADataLessMessageAndTheNewestVersionWins() {
        connectDataMode("c1", CHID);
        offline("c1");
        state.put(UAID, CHID, 5);
        state.put(UAID, CHID, 7);
        state.put(UAID, CHID, 6);

        assertThat(outcomes()).containsExactly(PutOutcome.STORED, PutOutcome.STORED, PutOutcome.STORED);
        helloDataMode("c2", 1);
        assertThat(messagesIn(commands())).containsExactly(new PushMessage(CHID,
                IDS.encode(MessageRef.version(UAID, CHID, 7)), Duration.ofDays(3).toSeconds(), null, null));
    }

    @Test
    void aPutToAConnectedDataModeDeviceIsSentLiveAndAckedByItsVersion() {
        connectDataMode("c1", CHID);

        String requestId = state.put(UAID, CHID, 9);

        Deliver deliver = (Deliver) commands().get(0);
        assertThat(deliver.replyTo().requestId()).isEqualTo(requestId);
        assertThat(deliver.updates()).isEmpty();
        assertThat(deliver.pushMessages()).extracting(PushMessage::messageId, PushMessage::data)
                .containsExactly(tuple(IDS.encode(MessageRef.version(UAID, CHID, 9)), null));
        ack("c1", 100, MessageRef.version(UAID, CHID, 9));
        assertThat(state.registrations().get(UAID).queue().count()).isZero();
    }

    @Test
    void aPostToASimplePushModeDeviceBecomesAVersionUpdateWithoutData() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        post(CHID, 60);

        assertThat(outcomes()).containsExactly(PutOutcome.STORED);
        assertThat(state.audit.readValuesToList()).filteredOn(AuditEvent.PushRouted.class::isInstance)
                .extracting(e -> ((AuditEvent.PushRouted) e).route()).containsExactly(PushRoute.AS_VERSION);
        assertThat(state.pendingVersions(UAID)).isEqualTo(Map.of(CHID, state.now()));
    }

    @Test
    void pendingVersionsBecomeMessagesOnADataModeHelloAndMessagesBecomeVersionsOnASimplePushHello() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, CHID, 42);
        state.drain();

        helloDataMode("c2", 1);
        assertThat(messagesIn(commands())).extracting(PushMessage::messageId)
                .containsExactly(IDS.encode(MessageRef.version(UAID, CHID, 42)));
        assertThat(state.pendingVersions(UAID)).isEmpty();

        offline("c2");
        state.advance(Duration.ofSeconds(1));
        Posted posted = post(CHID, 60);
        state.drain();
        state.hello(UAID, NODE, "c3", 1);

        List<NodeCommand> flush = commands();
        assertThat(flush).contains(new Deliver(NODE, "c3", UAID, List.of(Update.of(CHID, state.now())), null));
        assertThat(messagesIn(flush)).isEmpty();
        assertThat(state.registrations().get(UAID).queue().count()).isZero();
        assertThat(posted).isNotNull();
    }

    // --- W2.2 unregister, resets ---------------------------------------------------------------------------

    @Test
    void unregisterRemovesPendingMessagesAuditsItsCodeAndALaterPostIsUnknown() {
        connectDataMode("c1", CHID, OTHER_CHID);
        offline("c1");
        post(CHID, 60);
        Posted kept = post(OTHER_CHID, 60);
        state.drain();
        state.audit.readValuesToList();
        helloDataMode("c2", 2);
        state.drain();
        state.audit.readValuesToList();

        state.pipe(new DeviceEvent.Unregister(UAID, NODE, "c2", CHID, state.now(), 201));
        post(CHID, 60);

        assertThat(outcomes()).containsExactly(PutOutcome.UNKNOWN_ENDPOINT);
        List<AuditEvent> events = state.audit.readValuesToList();
        assertThat(events).filteredOn(AuditEvent.PushRemoved.class::isInstance)
                .extracting(e -> ((AuditEvent.PushRemoved) e).reason()).containsExactly(RemoveReason.UNREGISTERED);
        assertThat(events).filteredOn(AuditEvent.Unregistered.class::isInstance)
                .extracting(e -> ((AuditEvent.Unregistered) e).code()).containsExactly(201);
        assertThat(events).filteredOn(AuditEvent.PushRouted.class::isInstance)
                .extracting(e -> ((AuditEvent.PushRouted) e).route()).containsExactly(PushRoute.UNKNOWN);
        assertThat(state.registrations().get(UAID).queue().count()).isEqualTo(1);
        assertThat(kept).isNotNull();
    }

    @Test
    void aResetUaidLosesEveryMessageWithAnAuditRecordEach() {
        connectDataMode("c1", CHID);
        offline("c1");
        post(CHID, 60);
        post(CHID, 60);
        state.audit.readValuesToList();

        helloDataMode("c2", 500);

        assertThat(audited(AuditEvent.PushRemoved.class)).extracting(AuditEvent.PushRemoved::reason)
                .containsExactly(RemoveReason.RESET, RemoveReason.RESET);
        assertThat(state.<StoredMessage>store(StateStores.PUSH_MESSAGES).approximateNumEntries()).isZero();
    }

    @Test
    void aUaidForgottenForItsTtlLosesItsMessagesAsReset() {
        start(Map.of("state.uaid.ttl", "1d", "state.expiry.batch", "10"));
        connectDataMode("c1", CHID);
        offline("c1");
        post(CHID, Duration.ofDays(20).toSeconds());
        state.audit.readValuesToList();

        state.advance(Duration.ofDays(1).plus(Duration.ofMinutes(2)), Duration.ofHours(1));

        assertThat(audited(AuditEvent.PushRemoved.class)).extracting(AuditEvent.PushRemoved::reason)
                .containsExactly(RemoveReason.RESET);
        assertThat(state.registrations().get(UAID)).isNull();
    }

    @Test
    void aTtlZeroPostToASimplePushModeDeviceIsNotKeptEither() {
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        post(CHID, 0);

        assertThat(outcomes()).containsExactly(PutOutcome.DROPPED);
        assertThat(state.pendingVersions(UAID)).isEmpty();
    }

    @Test
    void inNoStoreModeAPostIsSentToAConnectedDeviceWithoutKeepingItAndDroppedForAnOfflineOne() {
        start(Map.of("state.store.offline", "false"));
        connectDataMode("c1", CHID);

        Posted live = post(CHID, 60);
        Deliver deliver = (Deliver) commands().get(0);
        assertThat(deliver.noStore()).isTrue();
        assertThat(deliver.pushMessages()).containsExactly(live.message());

        offline("c1");
        post(CHID, 60);
        assertThat(outcomes()).containsExactly(PutOutcome.DROPPED);
        assertThat(state.<StoredMessage>store(StateStores.PUSH_MESSAGES).approximateNumEntries()).isZero();
    }

    // --- W7 audit ------------------------------------------------------------------------------------------

    @Test
    void theAuditTrailNeverCarriesAPayloadOrAMessageId() {
        connectDataMode("c1", CHID);
        Posted live = post(CHID, 60);
        offline("c1");
        Posted stored = post(CHID, 60, "topic", 40);
        post(CHID, 60, "topic", 40);
        cancel(stored.ref());
        helloDataMode("c2", 1);
        ack("c2", 100, live.ref());
        state.pipe(new DeviceEvent.Nack(UAID, NODE, "c2", CHID, MessageRef.Kind.UNIQUE, live.ref().key(), 301,
                state.now()));

        JsonSerde<AuditEvent> serde = JsonSerde.of(AuditEvent.class);
        List<String> records = state.audit.readValuesToList().stream()
                .map(e -> new String(serde.serialize("audit", e), StandardCharsets.UTF_8)).toList();
        assertThat(records).hasSizeGreaterThan(6).noneMatch(r -> r.contains(BODY))
                .noneMatch(r -> r.contains(live.message().messageId()))
                .noneMatch(r -> r.contains(stored.message().messageId()));
    }
}
