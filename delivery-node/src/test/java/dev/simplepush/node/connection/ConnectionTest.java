package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.token.EndpointAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeCommand.ReplyTo REPLY_TO = new NodeCommand.ReplyTo(2, "req-1");

    private final ConnectionHarness h = new ConnectionHarness();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private String hello(String uaidJson) {
        return "{\"messageType\":\"hello\",\"uaid\":" + uaidJson + ",\"channelIDs\":[]}";
    }

    @Nested
    class Hello {

        @Test
        void aHelloWithoutUaidAsksStreamsStateToAdoptAGeneratedOne() {
            h.receive(hello("\"\""));

            DeviceEvent.Hello event = h.lastHello();
            assertThat(event.uaid()).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
            assertThat(event.generated()).isTrue();
            assertThat(event.nodeId()).isEqualTo(NODE_ID);
            assertThat(event.connectionId()).isEqualTo(h.connection.id());
            assertThat(h.socket.sent).isEmpty();
            assertThat(h.connection.state()).isEqualTo(ConnectionState.HELLO_PENDING);
        }

        @Test
        void aHelloTellsStreamsStateWhenTheNodeStopsWaitingForItsAnswer() {
            long sentAt = h.time.millis();

            h.receive(hello("\"" + UAID + "\""));

            // The moment aHelloStreamsStateDoesNotAnswerGets503AfterTheRequestTimeout answers 503.
            assertThat(h.lastHello().answerBy()).isEqualTo(sentAt + h.settings.requestTimeout().toMillis());
        }

        @Test
        void anAcceptedHelloIsAnsweredWithItsUaidAndIdentifiesTheConnection() {
            h.receive("{\"messageType\":\"HELLO\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"a\",\"b\"]}");

            assertThat(h.lastHello()).isEqualTo(new DeviceEvent.Hello(UAID, NODE_ID, h.connection.id(), 2, false,
                    h.time.millis(), null, h.time.millis() + h.settings.requestTimeout().toMillis()));
            h.answerHello(HelloOutcome.ACCEPTED);

            assertThat(h.socket.sent).containsExactly("{\"messageType\":\"hello\",\"uaid\":\"" + UAID
                    + "\",\"status\":200}");
            assertThat(h.connection.state()).isEqualTo(ConnectionState.IDENTIFIED);
        }

        @Test
        void aUaidIsSentExactlyAsTheDeviceSpelledIt() {
            String dashed = "9F3C2A7E-4B1D-4E8F-A0C6-5D2B7E19F4A3";
            h.receive(hello("\"" + dashed + "\""));
            h.answerHello(HelloOutcome.ACCEPTED);

            assertThat(json(h.socket.last()).get("uaid").textValue()).isEqualTo(dashed);
        }

        @ParameterizedTest
        @ValueSource(strings = {"xyz", "0", "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a", "9f3c2a7e4-b1d-4e8f-a0c6-5d2b7e19f4a3"})
        void aHelloWithAnInvalidUaidIs503AndCloses(String uaid) {
            h.receive(hello("\"" + uaid + "\""));

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(json(h.socket.last()).get("error").textValue()).isEqualTo("Service Unavailable");
            assertThat(json(h.socket.last()).get("uaid").textValue()).isEqualTo(uaid);
            assertThat(h.socket.closeCode).isEqualTo(1000);
            assertThat(h.outbound.events).isEmpty();
        }

        @Test
        void aHundredAndTwentyEightThousandCharacterUaidIs503() {
            h.receive(hello("\"" + "a".repeat(128_000) + "\""));

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void aResetIsAskedAgainWithAFreshGeneratedUaid() {
            h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"a\"]}");
            h.answerHello(HelloOutcome.RESET);

            DeviceEvent.Hello retry = h.lastHello();
            assertThat(retry.uaid()).isNotEqualTo(UAID).hasSize(32);
            assertThat(retry.generated()).isTrue();
            assertThat(retry.channelCount()).isZero();
            assertThat(h.socket.sent).isEmpty();

            h.answerHello(HelloOutcome.ACCEPTED);
            assertThat(json(h.socket.last()).get("uaid").textValue()).isEqualTo(retry.uaid());
            assertThat(h.connection.uaid()).isEqualTo(retry.uaid());
        }

        @Test
        void wakeDataTravelsWithTheHelloAndWithItsRetryAfterAReset() {
            h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"a\"],"
                    + "\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},"
                    + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}");
            WakeData expected = new WakeData("10.0.0.1", 8080, "214", "07", null);
            assertThat(h.lastHello().wake()).isEqualTo(expected);

            h.answerHello(HelloOutcome.RESET);
            assertThat(h.lastHello().wake()).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\"", "null", "\"" + UAID + "\""})
        void aSecondHelloWithNoneOrTheSameUaidIsAnsweredWithTheSameUaid(String uaid) {
            h.identified();
            h.receive("{\"messageType\":\"hello\",\"uaid\":" + uaid + ",\"channelIDs\":[\"a\",\"b\"]}");

            assertThat(h.lastHello()).isEqualTo(new DeviceEvent.Hello(UAID, NODE_ID, h.connection.id(), 0, false,
                    h.time.millis(), null, h.time.millis() + h.settings.requestTimeout().toMillis()));
            h.answerHello(HelloOutcome.ACCEPTED);
            assertThat(h.socket.sent).hasSize(2).allMatch(text -> json(text).get("uaid").textValue().equals(UAID));
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void aSecondHelloWithAnotherUaidIs503AndCloses() {
            h.identified();
            h.receive(hello("\"ffffffffffffffffffffffffffffffff\""));

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void aHelloStreamsStateDoesNotAnswerGets503AfterTheRequestTimeout() {
            h.receive(hello("\"" + UAID + "\""));
            h.time.advance(Duration.ofSeconds(9));
            assertThat(h.socket.sent).isEmpty();

            h.time.advance(Duration.ofSeconds(1));
            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(json(h.socket.last()).get("messageType").textValue()).isEqualTo("hello");
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void anAnswerForAnotherUaidIsIgnored() {
            h.receive(hello("\"" + UAID + "\""));
            h.command(new NodeCommand.HelloResult(NODE_ID, h.connection.id(), "00000000000000000000000000000000",
                    HelloOutcome.ACCEPTED));

            assertThat(h.socket.sent).isEmpty();
            assertThat(h.connection.state()).isEqualTo(ConnectionState.HELLO_PENDING);
        }
    }

    @Nested
    class BeforeHello {

        @ParameterizedTest
        @ValueSource(strings = {"{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}",
                "{\"messageType\":\"unregister\",\"channelID\":\"" + CHID + "\"}",
                "{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID + "\",\"version\":23}]}"})
        void commandsOtherThanHelloPingAndPurgeAre401(String request) {
            h.receive(request);

            JsonNode echo = json(h.socket.last());
            assertThat(echo.get("status").intValue()).isEqualTo(401);
            assertThat(echo.get("error").textValue()).isEqualTo("Invalid Command");
            assertThat(h.socket.closeCode).isEqualTo(1000);
            assertThat(h.outbound.events).isEmpty();
        }

        @Test
        void pingAndPurgeAreAnswered() {
            h.receive("{}");
            h.receive("{\"messageType\":\"purge\"}");

            assertThat(h.socket.sent).containsExactly("{}", "{}");
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void nothingIsReadAfterAnEchoError() {
            h.receive("{\"messageType\":\"bogus\"}");
            h.receive("{}");
            h.receive(hello("\"\""));

            assertThat(h.socket.sent).hasSize(1);
            assertThat(h.outbound.events).isEmpty();
            assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSING);
        }

        @Test
        void theEchoIsWrittenBeforeTheClose() {
            h.socket.holdWrites = true;
            h.receive("{\"messageType\":\"bogus\"}");
            assertThat(h.socket.closed()).isFalse();

            h.socket.completeHeldWrites(true);
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void unreadableTextClosesWithoutReply() {
            h.receive("[1,2]");

            assertThat(h.socket.sent).isEmpty();
            assertThat(h.socket.closeCode).isEqualTo(1003);
        }

        @Test
        void aBinaryMessageClosesWithoutReply() {
            h.connection.receiveBinary();

            assertThat(h.socket.sent).isEmpty();
            assertThat(h.socket.closeCode).isEqualTo(1003);
        }
    }

    @Nested
    class RegisterAndUnregister {

        @Test
        void aRegisterIsAnsweredWithAnEndpointOnceStreamsStateHasAppliedIt() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\",\"uaid\":\"ignored\"}");

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Register(UAID, NODE_ID, h.connection.id(),
                    CHID, h.time.millis()));
            assertThat(h.socket.sent).hasSize(1);

            h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, CHID, 200));
            JsonNode reply = json(h.socket.last());
            assertThat(reply.get("messageType").textValue()).isEqualTo("register");
            assertThat(reply.get("status").intValue()).isEqualTo(200);
            assertThat(reply.get("uaid").textValue()).isEqualTo(UAID);
            assertThat(reply.get("channelID").textValue()).isEqualTo(CHID);
            String endpoint = reply.get("pushEndpoint").textValue();
            assertThat(endpoint).matches("^https://push\\.example\\.net/update/[A-Za-z0-9_-]+$");
            String token = endpoint.substring(endpoint.lastIndexOf('/') + 1);
            assertThat(h.tokens.decode(token)).contains(new EndpointAddress(UAID, CHID));
        }

        @Test
        void theReplyCarriesTheChannelIdAsSent() {
            h.identified();
            String upper = CHID.toUpperCase();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + upper + "\"}");
            h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, upper, 200));

            assertThat(json(h.socket.last()).get("channelID").textValue()).isEqualTo(upper);
        }

        @Test
        void aFailedRegisterIsEchoedWithItsStatus() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
            h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, CHID, 503));

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void aRegisterBeyondTheChannelCapGets413AndTheSocketStaysOpen() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
            h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, CHID,
                    NodeCommand.RegisterResult.TOO_MANY_CHANNELS));

            JsonNode reply = json(h.socket.last());
            assertThat(reply.get("messageType").textValue()).isEqualTo("register");
            assertThat(reply.get("status").intValue()).isEqualTo(413);
            assertThat(reply.get("error").textValue()).isEqualTo("Too many channels");
            assertThat(reply.get("channelID").textValue()).isEqualTo(CHID);
            assertThat(reply.has("pushEndpoint")).isFalse();
            assertThat(h.socket.closeCode).as("still open").isNull();

            h.receive("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID + "\"}");
            assertThat(h.outbound.lastEvent()).as("later messages are still read")
                    .isInstanceOf(DeviceEvent.Unregister.class);
        }

        @Test
        void aRegisterWithoutAnswerGets503() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
            h.time.advance(Duration.ofSeconds(10));

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(503);
            assertThat(json(h.socket.last()).get("channelID").textValue()).isEqualTo(CHID);
        }

        @Test
        void anInvalidRegisterIs401AndCloses() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"\"}");

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(401);
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void anUnregisterIsAnsweredAfterStreamsState() {
            h.identified();
            h.receive("{\"messageType\":\"unregister\",\"channelID\":\"whatever\"}");

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Unregister(UAID, NODE_ID,
                    h.connection.id(), "whatever", h.time.millis()));
            h.command(new NodeCommand.UnregisterResult(NODE_ID, h.connection.id(), UAID, "whatever", 200));

            assertThat(h.socket.last())
                    .isEqualTo("{\"messageType\":\"unregister\",\"status\":200,\"channelID\":\"whatever\"}");
        }
    }

    @Nested
    class Ack {

        @Test
        void anAckSendsItsWellFormedEntriesAndGetsNoReply() {
            h.identified().delivered(CHID);
            h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID + "\",\"version\":5},"
                    + "{\"channelID\":\"x\"}]}");

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Ack(UAID, NODE_ID, h.connection.id(),
                    List.of(Update.of(CHID, 5)), h.time.millis()));
            assertThat(h.socket.sent).as("the hello reply and the notification").hasSize(2);
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void anAckOfMalformedEntriesOnlySendsNothing() {
            h.identified();
            int events = h.outbound.events.size();
            h.receive("{\"messageType\":\"ack\",\"updates\":[{\"version\":\"5\"}]}");

            assertThat(h.outbound.events).hasSize(events);
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void anEmptyAckIs401() {
            h.identified();
            h.receive("{\"messageType\":\"ack\",\"updates\":[]}");

            assertThat(json(h.socket.last()).get("status").intValue()).isEqualTo(401);
            assertThat(json(h.socket.last()).get("updates").isArray()).isTrue();
        }
    }

    @Nested
    class Deliveries {

        @Test
        void aLiveDeliveryIsReportedDeliveredOnceWritten() {
            h.identified();
            h.socket.holdWrites = true;
            h.command(h.delivery(5, REPLY_TO));

            assertThat(h.socket.last()).isEqualTo("{\"messageType\":\"notification\",\"updates\":[{\"channelID\":\""
                    + CHID + "\",\"version\":5}]}");
            assertThat(h.outbound.replies).isEmpty();

            h.socket.completeHeldWrites(true);
            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED));
        }

        @Test
        void aStatusCheckWritesNothingAndAnswersDeliveredWhileTheSocketIsOpen() {
            h.identified();
            int before = h.socket.sent.size();
            h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(), REPLY_TO));

            assertThat(h.socket.sent).hasSize(before);
            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.DELIVERED));
        }

        @Test
        void aStatusCheckAfterTheCloseFrameAnswersStored() {
            h.identified();
            h.connection.transportClosed();
            h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID, List.of(), REPLY_TO));

            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void dataIsWrittenVerbatim() {
            h.identified();
            h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID,
                    List.of(new Update(CHID, 7, "héllo \"x\"")), REPLY_TO));

            assertThat(json(h.socket.last()).get("updates").get(0).get("data").textValue()).isEqualTo("héllo \"x\"");
        }

        @Test
        void aFlushHasNoReplyToAndGetsNoReply() {
            h.identified();
            h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), UAID,
                    List.of(Update.of("a", 1), Update.of("b", 2)), null));

            assertThat(json(h.socket.last()).get("updates")).hasSize(2);
            assertThat(h.outbound.replies).isEmpty();
        }

        @Test
        void aFailedWriteIsReportedStoredAndDropsTheSocket() {
            h.identified();
            h.socket.failWrites = true;
            h.command(h.delivery(5, REPLY_TO));

            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
            assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
        }

        @Test
        void aDeliveryAfterTheCloseFrameArrivedIsStored() {
            h.identified();
            h.connection.transportClosed();
            h.command(h.delivery(5, REPLY_TO));

            assertThat(h.socket.sent).hasSize(1);
            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void aDeliveryToASocketThatIsNoLongerOpenIsStored() {
            h.identified();
            h.socket.open = false;
            h.command(h.delivery(5, REPLY_TO));

            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void aDeliveryWhileClosingIsStored() {
            h.identified();
            h.socket.holdWrites = true;
            h.receive("{\"messageType\":\"bogus\"}");
            h.command(h.delivery(5, REPLY_TO));

            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void aDeliveryForAnotherUaidIsStored() {
            h.identified();
            h.command(new NodeCommand.Deliver(NODE_ID, h.connection.id(), "other",
                    List.of(Update.of(CHID, 1)), REPLY_TO));

            assertThat(h.socket.sent).hasSize(1);
            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void deliveriesBeforeTheHelloAnswerAreWrittenAfterTheHelloReply() {
            h.receive(hello("\"" + UAID + "\""));
            h.command(h.delivery(5, null));
            assertThat(h.socket.sent).isEmpty();

            h.answerHello(HelloOutcome.ACCEPTED);
            assertThat(h.socket.sent).hasSize(2);
            assertThat(json(h.socket.sent.get(0)).get("messageType").textValue()).isEqualTo("hello");
            assertThat(json(h.socket.sent.get(1)).get("messageType").textValue()).isEqualTo("notification");
        }

        @Test
        void heldDeliveriesOfAUaidThatWasResetAreStored() {
            h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[\"a\"]}");
            h.command(h.delivery(5, REPLY_TO));
            h.answerHello(HelloOutcome.RESET);
            h.answerHello(HelloOutcome.ACCEPTED);

            assertThat(h.socket.sent).hasSize(1);
            assertThat(h.outbound.replies).containsExactly(new GatewayReply(2, "req-1", PutOutcome.STORED));
        }

        @Test
        void deliveriesAreNotHeldBehindARegister() {
            h.identified();
            h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
            h.command(h.delivery(5, null));

            assertThat(json(h.socket.last()).get("messageType").textValue()).isEqualTo("notification");
        }
    }

    @Nested
    class Closing {

        @Test
        void aCloseFrameAfterHelloTellsStreamsStateOnce() {
            h.identified();
            h.connection.transportClosed();
            h.connection.transportClosed();

            assertThat(h.outbound.eventsOf(DeviceEvent.Disconnect.class)).containsExactly(
                    new DeviceEvent.Disconnect(UAID, NODE_ID, h.connection.id(), h.time.millis()));
            assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(h.registry.find(h.connection.id())).isEmpty();
        }

        @Test
        void aSocketClosedBeforeAnyHelloTellsNobody() {
            h.connection.transportClosed();

            assertThat(h.outbound.events).isEmpty();
            assertThat(h.registry.size()).isZero();
        }

        @Test
        void aSocketClosedWhileItsHelloIsPendingIsReportedForThatUaid() {
            h.receive(hello("\"" + UAID + "\""));
            h.connection.transportClosed();

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Disconnect(UAID, NODE_ID,
                    h.connection.id(), h.time.millis()));
        }

        @Test
        void aTakeoverClosesNormallyAndReportsTheDisconnect() {
            h.identified();
            h.command(new NodeCommand.CloseConnection(NODE_ID, h.connection.id(), UAID));

            assertThat(h.socket.closeCode).isEqualTo(1000);
            assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
            assertThat(h.registry.size()).isZero();
        }

        @Test
        void anEchoErrorReportsTheDisconnect() {
            h.identified();
            h.receive("{\"messageType\":\"bogus\"}");

            assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
            assertThat(h.registry.size()).isZero();
        }

        @Test
        void aShutdownClosesWithGoingAway() {
            h.identified();
            h.connection.shutdown();

            assertThat(h.socket.closeCode).isEqualTo(1001);
            assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Disconnect.class);
        }

        @Test
        void theConnectionIsRegisteredWhileOpen() {
            assertThat(h.registry.find(h.connection.id())).contains(h.connection);
        }
    }

    @Nested
    class HelloTimeout {

        @Test
        void aSocketWithoutHelloIsClosedAfterTheTimeoutEvenIfItPinged() {
            h.time.advance(Duration.ofSeconds(1));
            h.receive("{}");
            h.time.advance(Duration.ofSeconds(25));
            h.receive("{}");
            assertThat(h.socket.closed()).isFalse();

            h.time.advance(Duration.ofSeconds(4));
            assertThat(h.socket.sent).containsExactly("{}", "{}");
            assertThat(h.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void aHelloStillWaitingForItsAnswerDoesNotExtendTheTimeout() {
            ConnectionHarness slow = new ConnectionHarness(
                    ConnectionHarness.settings(Duration.ofSeconds(5), Duration.ZERO, 100));
            slow.receive(hello("\"" + UAID + "\""));
            slow.time.advance(Duration.ofSeconds(5));

            assertThat(slow.socket.closeCode).isEqualTo(1000);
        }

        @Test
        void aCompletedHelloStopsTheTimeout() {
            h.identified();
            h.time.advance(Duration.ofMinutes(5));

            assertThat(h.socket.closed()).isFalse();
            assertThat(h.time.activeTimers()).isZero();
        }

        @Test
        void aZeroTimeoutNeverCloses() {
            ConnectionHarness patient = new ConnectionHarness(
                    ConnectionHarness.settings(Duration.ZERO, Duration.ZERO, 100));
            patient.time.advance(Duration.ofHours(1));

            assertThat(patient.socket.closed()).isFalse();
        }
    }
}
