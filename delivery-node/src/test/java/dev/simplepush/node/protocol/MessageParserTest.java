package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageParserTest {
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageParser parser = new MessageParser();

    private ClientMessage parsed(String text) {
        ParseResult result = parser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    private ParseResult.Rejected rejected(String text) {
        ParseResult result = parser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return (ParseResult.Rejected) result;
    }

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    // ---- pings (spec §8.1) ----

    @ParameterizedTest
    @ValueSource(strings = {"{}", " { } ", "", "x", "{", " ", "   ", "\t\n", "{ }", "\n{}\r\n", "{\n}"})
    void bareBodiesArePings(String body) {
        assertThat(parsed(body)).isInstanceOf(ClientMessage.Ping.class);
    }

    @Test
    void aBarePingHasAnEmptyObjectToEcho() {
        assertThat(parsed("{}").source()).isEmpty();
    }

    @Test
    void aPingCanBeAnObjectWithMessageTypePing() {
        assertThat(parsed("{\"messageType\":\"ping\"}")).isInstanceOf(ClientMessage.Ping.class);
        assertThat(parsed("{\"messageType\":\"PING\",\"extra\":1}")).isInstanceOf(ClientMessage.Ping.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{}}", "{}}", "{{}", "}{", "{} {}", "{ {", "}}"})
    void otherBraceBodiesCloseWithoutReply(String body) {
        assertThat(parser.parse(body)).isInstanceOf(ParseResult.Unreadable.class);
    }

    // ---- not an object: close, no reply (spec §2.1) ----

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"messageType\":\"hello\"}]", "42", "1.5", "\"hello\"", "true", "null",
            "not json", "{\"messageType\":\"hello\"", "{\"messageType\":\"hello\"} trailing"})
    void anythingButAJsonObjectClosesWithoutReply(String body) {
        assertThat(parser.parse(body)).isInstanceOf(ParseResult.Unreadable.class);
    }

    // ---- messageType ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"channelIDs\":[]}", "{\"messageType\":null}", "{\"messageType\":\"\"}",
            "{\"messageType\":1}", "{\"messageType\":true}", "{\"messageType\":{}}", "{\"messageType\":[\"hello\"]}",
            "{\"messageType\":\"bogus\"}", "{\"messageType\":\"notification\"}", "{\"messageType\":\" hello\"}"})
    void aMissingNullEmptyNonStringOrUnknownMessageTypeIs401(String body) {
        assertThat(rejected(body).error()).isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @Test
    void messageTypeIsComparedInLowerCase() {
        assertThat(parsed("{\"messageType\":\"HELLO\",\"channelIDs\":[]}")).isInstanceOf(ClientMessage.Hello.class);
        assertThat(parsed("{\"messageType\":\"Purge\"}")).isInstanceOf(ClientMessage.Purge.class);
    }

    @Test
    void keysMatchCaseInsensitively() {
        ClientMessage message = parsed("{\"messagetype\":\"hello\",\"ChannelIds\":[\"a\",\"b\"]}");
        assertThat(message).isEqualTo(new ClientMessage.Hello(message.source(), null, 2));
    }

    @Test
    void anExactCaseKeyBeatsACaseVariant() {
        assertThat(parsed("{\"MessageType\":\"bogus\",\"messageType\":\"ping\"}"))
                .isInstanceOf(ClientMessage.Ping.class);
        assertThat(rejected("{\"MessageType\":\"ping\",\"messageType\":\"bogus\"}").error())
                .isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @Test
    void theFirstCaseVariantWinsWhenThereIsNoExactKey() {
        assertThat(parsed("{\"MESSAGETYPE\":\"ping\",\"MessageType\":\"bogus\"}"))
                .isInstanceOf(ClientMessage.Ping.class);
    }

    @Test
    void aKeyPaddedWithSpacesMatchesNothing() {
        assertThat(rejected("{\" messageType \":\"hello\",\"channelIDs\":[]}").error())
                .isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @Test
    void unknownFieldsAreIgnored() {
        ClientMessage message = parsed("{\"messageType\":\"register\",\"channelID\":\"" + CHID
                + "\",\"uaid\":\"whatever\",\"extra\":{\"nested\":[1,2]}}");
        assertThat(message).isInstanceOf(ClientMessage.Register.class);
    }

    // ---- hello (spec §3.1) ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"hello\",\"channelIDs\":[]}",
            "{\"messageType\":\"hello\",\"uaid\":null,\"channelIDs\":[]}",
            "{\"messageType\":\"hello\",\"uaid\":\"\",\"channelIDs\":[]}"})
    void aHelloWithoutUaidMeansNone(String body) {
        assertThat(((ClientMessage.Hello) parsed(body)).uaid()).isNull();
    }

    @Test
    void aHelloKeepsItsUaidAsSentWhateverItsForm() {
        assertThat(((ClientMessage.Hello) parsed("{\"messageType\":\"hello\",\"uaid\":\"xyz\",\"channelIDs\":[]}"))
                .uaid()).isEqualTo("xyz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "true", "{}", "[]", "1.5"})
    void aHelloWithANonStringUaidIs401(String uaid) {
        assertThat(rejected("{\"messageType\":\"hello\",\"uaid\":" + uaid + ",\"channelIDs\":[]}").error())
                .isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"hello\"}", "{\"messageType\":\"hello\",\"channelIDs\":null}",
            "{\"messageType\":\"hello\",\"channelIDs\":\"a\"}", "{\"messageType\":\"hello\",\"channelIDs\":{}}",
            "{\"messageType\":\"hello\",\"use_webpush\":true,\"channelIDs\":\"abc\"}",
            "{\"messageType\":\"hello\",\"broadcasts\":{},\"channelIDs\":null}"})
    void aHelloWithoutAChannelIdsArrayIs401(String body) {
        assertThat(rejected(body).error()).isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"hello\",\"use_webpush\":true}",
            "{\"messageType\":\"hello\",\"use_webpush\":null}",
            "{\"messageType\":\"hello\",\"broadcasts\":{}}"})
    void aDesktopGeckoHelloWithoutChannelIdsCountsAsNoChannels(String body) {
        assertThat(((ClientMessage.Hello) parsed(body)).channelCount()).isZero();
    }

    @Test
    void helloChannelIdsAreOnlyCounted() {
        assertThat(((ClientMessage.Hello) parsed("{\"messageType\":\"hello\",\"channelIDs\":[1,null,\"x\"]}"))
                .channelCount()).isEqualTo(3);
    }

    @Test
    void helloWakeUpFieldsDoNotFailTheHello() {
        assertThat(parsed("{\"messageType\":\"hello\",\"channelIDs\":[],\"wakeup_hostport\":\"bad\","
                + "\"mobilenetwork\":{\"mcc\":1}}")).isInstanceOf(ClientMessage.Hello.class);
    }

    // ---- register (spec §4.2) ----

    @ParameterizedTest
    @ValueSource(strings = {CHID, "1C8E5B2A7D4F4A9E8B3C6F2D0E9A1B57"})
    void registerAcceptsDashedAnd32HexChannelIds(String chid) {
        ClientMessage message = parsed("{\"messageType\":\"register\",\"channelID\":\"" + chid + "\"}");
        assertThat(((ClientMessage.Register) message).channelId()).isEqualTo(chid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"register\"}", "{\"messageType\":\"register\",\"channelID\":\"\"}",
            "{\"messageType\":\"register\",\"channelID\":\"1c8e5b2a7d4f4a9e8b3c6f2d0e9a1b5700\"}",
            "{\"messageType\":\"register\",\"channelID\":12}",
            "{\"messageType\":\"register\",\"channelID\":null}",
            "{\"messageType\":\"register\",\"channelIDs\":[\"1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57\"]}",
            "{\"messageType\":\"register\",\"channelID\":\"1c8e5b2a7-d4f-4a9e-8b3c-6f2d0e9a1b57\"}"})
    void registerWithoutAValidChannelIdIs401(String body) {
        assertThat(rejected(body).error()).isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    // ---- unregister (spec §5.2) ----

    @Test
    void unregisterTakesAnyNonEmptyChannelId() {
        assertThat(((ClientMessage.Unregister) parsed("{\"messageType\":\"unregister\",\"channelID\":\"x\"}"))
                .channelId()).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"unregister\"}", "{\"messageType\":\"unregister\",\"channelID\":\"\"}",
            "{\"messageType\":\"unregister\",\"channelID\":5}", "{\"messageType\":\"unregister\",\"channelID\":null}"})
    void unregisterWithoutAChannelIdIs401(String body) {
        assertThat(rejected(body).error()).isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    // ---- ack (spec §7.3, §7.4) ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"ack\"}", "{\"messageType\":\"ack\",\"updates\":[]}",
            "{\"messageType\":\"ack\",\"updates\":{}}", "{\"messageType\":\"ack\",\"updates\":null}"})
    void ackWithoutUpdatesIs401(String body) {
        assertThat(rejected(body).error()).isEqualTo(ErrorKind.INVALID_COMMAND);
    }

    @Test
    void ackDropsMalformedEntriesAndKeepsTheRest() {
        ClientMessage.Ack ack = (ClientMessage.Ack) parsed("{\"messageType\":\"ack\",\"updates\":["
                + "{\"channelID\":\"a\",\"version\":5},"
                + "{\"channelID\":\"b\",\"version\":\"6\"},"
                + "{\"channelID\":\"c\",\"version\":1.5},"
                + "{\"version\":7},"
                + "{\"channelID\":\"\",\"version\":8},"
                + "{\"channelID\":9,\"version\":9},"
                + "\"junk\",null,"
                + "{\"channelid\":\"d\",\"Version\":10},"
                + "{\"channelID\":\"e\",\"version\":99999999999999999999}]}");
        assertThat(ack.updates()).containsExactly(Update.of("a", 5), Update.of("d", 10));
    }

    @Test
    void anAckOfOnlyMalformedEntriesIsNotAnError() {
        assertThat(((ClientMessage.Ack) parsed("{\"messageType\":\"ack\",\"updates\":[{}]}")).updates()).isEmpty();
    }

    // ---- echo errors (spec §2.2) ----

    @Test
    void anEchoKeepsEveryFieldAndTheMessageTypeSpelling() throws Exception {
        ParseResult.Rejected rejected = rejected("{\"messageType\":\"Register\",\"channelID\":\"x\"}");
        String echo = EchoError.render(rejected.source(), rejected.error().status());
        assertThat(echo).isEqualTo(
                "{\"messageType\":\"Register\",\"channelID\":\"x\",\"status\":401,\"error\":\"Invalid Command\"}");
    }

    @Test
    void anEchoKeepsNestedValuesAsSent() throws Exception {
        String request = "{\"messageType\":\"ACK\",\"updates\":[],\"x\":{\"y\":[1.50,true,null]},"
                + "\"big\":123456789012345678901234567890}";
        ParseResult.Rejected rejected = rejected(request);
        JsonNode echo = tree(EchoError.render(rejected.source(), 401));
        JsonNode expected = tree(request);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("status", 401).put("error", "Invalid Command");
        assertThat(echo).isEqualTo(expected);
        assertThat(EchoError.render(rejected.source(), 401)).contains("1.50");
    }

    @Test
    void anEchoOfAnAckKeepsItsUpdates() throws Exception {
        // Before hello, an ack is refused whole; its updates go back unchanged.
        ClientMessage ack = parsed("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID
                + "\",\"version\":23}]}");
        JsonNode echo = tree(EchoError.render(ack.source(), 401));
        assertThat(echo.get("updates").get(0).get("version").isInt()).isTrue();
        assertThat(echo.get("updates").get(0).get("version").intValue()).isEqualTo(23);
        assertThat(echo.get("messageType").textValue()).isEqualTo("ack");
        assertThat(echo.get("status").intValue()).isEqualTo(401);
    }

    @Test
    void anEchoOverwritesStatusAndErrorTheClientSent() throws Exception {
        ClientMessage hello = parsed("{\"status\":\"mine\",\"messageType\":\"hello\",\"uaid\":\"xyz\","
                + "\"channelIDs\":[],\"error\":5}");
        assertThat(EchoError.render(hello.source(), 503)).isEqualTo("{\"status\":503,\"messageType\":\"hello\","
                + "\"uaid\":\"xyz\",\"channelIDs\":[],\"error\":\"Service Unavailable\"}");
    }

    @Test
    void anEchoDoesNotChangeTheParsedSource() {
        ClientMessage hello = parsed("{\"messageType\":\"hello\",\"channelIDs\":[]}");
        EchoError.render(hello.source(), 503);
        assertThat(hello.source().has("status")).isFalse();
    }

    @Test
    void unknownStatusesShareTheUnexpectedErrorText() {
        assertThat(ErrorKind.textFor(401)).isEqualTo("Invalid Command");
        assertThat(ErrorKind.textFor(503)).isEqualTo("Service Unavailable");
        assertThat(ErrorKind.textFor(500)).isEqualTo("An unexpected error occurred");
        assertThat(ErrorKind.textFor(409)).isEqualTo("An unexpected error occurred");
    }
}
