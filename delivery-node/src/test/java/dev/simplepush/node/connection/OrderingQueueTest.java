package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.Update;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §1.8: messages are handled and answered in arrival order, even while streams-state thinks. */
class OrderingQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private final ConnectionHarness h = new ConnectionHarness();

    private static String register(String chid) {
        return "{\"messageType\":\"register\",\"channelID\":\"" + chid + "\"}";
    }

    private static String typeOf(String text) {
        try {
            return JSON.readTree(text).path("messageType").asText("pong");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void registered(String chid) {
        h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, chid, 200));
    }

    @Test
    void messagesAfterAHelloWaitForItsAnswer() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{}");
        h.receive(register(A));
        assertThat(h.socket.sent).isEmpty();
        assertThat(h.outbound.events).hasSize(1);

        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello", "pong");
        assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Register.class);
    }

    @Test
    void eachRegisterWaitsForTheOneBefore() {
        h.identified();
        h.receive(register(A));
        h.receive(register(B));
        h.receive("{}");
        assertThat(h.outbound.eventsOf(DeviceEvent.Register.class)).extracting(DeviceEvent.Register::channelId)
                .containsExactly(A);

        registered(A);
        assertThat(h.outbound.eventsOf(DeviceEvent.Register.class)).extracting(DeviceEvent.Register::channelId)
                .containsExactly(A, B);
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello", "register");

        registered(B);
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf)
                .containsExactly("hello", "register", "register", "pong");
    }

    @Test
    void anErrorQueuedBehindARequestComesAfterItsAnswer() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{\"messageType\":\"bogus\"}");
        h.receive("{}");
        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).hasSize(2);
        assertThat(typeOf(h.socket.sent.get(0))).isEqualTo("hello");
        assertThat(h.socket.sent.get(1)).contains("\"status\":401");
        assertThat(h.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aBinaryFrameBehindAHelloClosesOnlyAfterItsAnswer() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.connection.receiveBinary();
        h.receive("{}");
        assertThat(h.socket.closed()).as("the hello is not answered yet").isFalse();

        h.answerHello(HelloOutcome.ACCEPTED);

        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello");
        assertThat(h.socket.closeCode).isEqualTo(1003);
        assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
    }

    @Test
    void queuedAcksAreSentInOrderAfterTheRequest() {
        h.identified().delivered("x");
        h.receive(register(A));
        h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"x\",\"version\":1}]}");
        h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"x\",\"version\":2}]}");
        registered(A);

        assertThat(h.outbound.eventsOf(DeviceEvent.Ack.class)).extracting(ack -> ack.updates().get(0).version())
                .containsExactly(1L, 2L);
    }

    @Test
    void tooManyQueuedMessagesClose1008() {
        ConnectionHarness small = new ConnectionHarness(
                ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ZERO, 2));
        small.receive("{\"messageType\":\"hello\",\"channelIDs\":[]}");
        small.receive("{}");
        small.receive("{}");
        assertThat(small.socket.closed()).isFalse();

        small.receive("{}");
        assertThat(small.socket.closeCode).isEqualTo(1008);
        assertThat(small.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
    }

    @Test
    void queuedMessagesOverTheCharacterBudgetClose1008() {
        ConnectionHarness harness = new ConnectionHarness();
        harness.receive("{\"messageType\":\"hello\",\"channelIDs\":[]}");
        String half = "{\"messageType\":\"purge\",\"pad\":\"" + "x".repeat(
                (int) ConnectionHarness.MAX_QUEUED_CHARS / 2 - 40) + "\"}";
        harness.receive(half);
        assertThat(harness.socket.closed()).isFalse();

        harness.receive(half + half);
        assertThat(harness.socket.closeCode).isEqualTo(1008);
    }

    @Test
    void aTimedOutRequestDropsWhatWasQueuedBehindIt() {
        h.identified();
        h.receive(register(A));
        h.receive(register(B));
        h.time.advance(Duration.ofSeconds(10));

        assertThat(h.socket.last()).contains("\"status\":503").contains(A);
        assertThat(h.outbound.eventsOf(DeviceEvent.Register.class)).hasSize(1);
    }

    // ---- spec §3.6: the flush comes immediately after the hello reply ----

    private void answerHelloWithFlush() {
        h.command(new NodeCommand.HelloResult(NODE_ID, h.connection.id(), UAID, HelloOutcome.ACCEPTED, true));
    }

    private void flush() {
        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(Update.of(A, 5)), null));
    }

    // ---- fast deliveries: read before streams-state commits, they can overtake the flush ----

    private NodeCommand.Deliver live(long version) {
        return new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(Update.of(A, version)),
                new NodeCommand.ReplyTo(2, "req-" + version));
    }

    private long versionOf(String text) {
        try {
            return new ObjectMapper().readTree(text).path("updates").get(0).path("version").asLong();
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void aLiveDeliveryThatOvertookTheHelloResultIsWrittenAfterTheFlush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.command(live(6));

        answerHelloWithFlush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello");

        flush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf)
                .containsExactly("hello", "notification", "notification");
        assertThat(versionOf(h.socket.sent.get(1))).isEqualTo(5);
        assertThat(versionOf(h.socket.sent.get(2))).isEqualTo(6);
    }

    @Test
    void aLiveDeliveryArrivingBetweenTheReplyAndTheFlushWaitsForTheFlush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        answerHelloWithFlush();
        h.command(live(6));
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello");

        flush();
        assertThat(h.socket.sent).extracting(this::versionOrZero).containsExactly(0L, 5L, 6L);
    }

    @Test
    void aLiveDeliveryHeldForALostFlushIsWrittenWhenTheWaitTimesOut() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        answerHelloWithFlush();
        h.command(live(6));

        h.time.advance(Duration.ofSeconds(10));

        assertThat(h.socket.sent).extracting(this::versionOrZero).containsExactly(0L, 6L);
    }

    private long versionOrZero(String text) {
        return typeOf(text).equals("notification") ? versionOf(text) : 0L;
    }

    @Test
    void aPipelinedPingIsAnsweredOnlyAfterTheAnnouncedFlush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{}");

        answerHelloWithFlush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello");

        flush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf)
                .containsExactly("hello", "notification", "pong");
    }

    @Test
    void aMessageArrivingBetweenTheReplyAndTheFlushWaitsForTheFlush() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        answerHelloWithFlush();
        h.receive(register(B));
        assertThat(h.outbound.eventsOf(DeviceEvent.Register.class)).isEmpty();

        flush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello", "notification");
        assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Register.class);
    }

    @Test
    void aLiveDeliveryOrAnotherUaidsFlushDoesNotEndTheWait() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{}");
        answerHelloWithFlush();

        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(Update.of(A, 1)),
                new NodeCommand.ReplyTo(1, "r")));
        h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), B, List.of(Update.of(A, 1)), null));
        // The live delivery is held for the flush too: it may have overtaken it (fast deliveries).
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello");

        flush();
        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf)
                .containsExactly("hello", "notification", "notification", "pong");
    }

    @Test
    void aFlushThatNeverComesHoldsTheQueueOnlyUntilTheRequestTimeout() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{}");
        answerHelloWithFlush();

        h.time.advance(Duration.ofSeconds(10));

        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello", "pong");
        assertThat(h.socket.closed()).isFalse();
        assertThat(h.time.activeTimers()).isZero();
    }

    @Test
    void withoutAnAnnouncedFlushTheQueueDrainsRightAfterTheReply() {
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.receive("{}");

        h.command(new NodeCommand.HelloResult(NODE_ID, h.connection.id(), UAID, HelloOutcome.ACCEPTED, false));

        assertThat(h.socket.sent).extracting(OrderingQueueTest::typeOf).containsExactly("hello", "pong");
        assertThat(h.time.activeTimers()).isZero();
    }
}
