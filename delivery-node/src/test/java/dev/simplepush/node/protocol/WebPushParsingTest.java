package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Web Push fields the parser reads (webpush.md W1.1, W2, W6.1), whatever the connection's mode. */
class WebPushParsingTest {
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    private final MessageParser parser = new MessageParser();

    private ClientMessage parsed(String text) {
        ParseResult result = parser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    static byte[] point() {
        byte[] key = new byte[65];
        Arrays.fill(key, (byte) 7);
        key[0] = 0x04;
        return key;
    }

    private ClientMessage.KeyField keyOf(String keyJson) {
        return ((ClientMessage.Register) parsed("{\"messageType\":\"register\",\"channelID\":\"" + CHID
                + "\",\"key\":" + keyJson + "}")).key();
    }

    // ---- hello (W1.1, W6.1) ----

    @Test
    void aHelloWithUseWebpushTrueAsksForDataMode() {
        ClientMessage.Hello hello = (ClientMessage.Hello) parsed("{\"messageType\":\"hello\",\"use_webpush\":true}");

        assertThat(hello.useWebPush()).isTrue();
        assertThat(hello.channelCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"true\"", "1", "null", "{}"})
    void anyOtherUseWebpushValueIsIgnored(String value) {
        ClientMessage.Hello hello = (ClientMessage.Hello) parsed(
                "{\"messageType\":\"hello\",\"channelIDs\":[],\"use_webpush\":" + value + "}");

        assertThat(hello.useWebPush()).isFalse();
    }

    @Test
    void aHellosBroadcastsAreReadWithTheirStringVersions() {
        ClientMessage.Hello hello = (ClientMessage.Hello) parsed("{\"messageType\":\"hello\",\"use_webpush\":true,"
                + "\"broadcasts\":{\"remote-settings/monitor_changes\":\"\\\"1700\\\"\",\"odd\":5}}");

        assertThat(hello.broadcasts()).isEqualTo(Map.of("remote-settings/monitor_changes", "\"1700\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "3", "null"})
    void broadcastsThatAreNotAnObjectReadAsNoneAndAreNoError(String value) {
        ClientMessage.Hello hello = (ClientMessage.Hello) parsed(
                "{\"messageType\":\"hello\",\"channelIDs\":[],\"broadcasts\":" + value + "}");

        assertThat(hello.broadcasts()).isEmpty();
    }

    // ---- register key (W2.1) ----

    @Test
    void aRegisterWithoutKeyOrWithANullKeyIsUnrestricted() {
        assertThat(((ClientMessage.Register) parsed("{\"messageType\":\"register\",\"channelID\":\"" + CHID
                + "\"}")).key()).isEqualTo(ClientMessage.KeyField.ABSENT);
        assertThat(keyOf("null")).isEqualTo(ClientMessage.KeyField.ABSENT);
    }

    @Test
    void aPaddedAndAnUnpaddedKeyBothDecodeToTheSamePoint() {
        String padded = Base64.getUrlEncoder().encodeToString(point());
        String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(point());
        assertThat(padded).endsWith("=");

        assertThat(keyOf("\"" + padded + "\"")).isInstanceOfSatisfying(ClientMessage.KeyField.Valid.class,
                valid -> assertThat(valid.bytes()).isEqualTo(point()));
        assertThat(keyOf("\"" + unpadded + "\"")).isInstanceOfSatisfying(ClientMessage.KeyField.Valid.class,
                valid -> assertThat(valid.bytes()).isEqualTo(point()));
    }

    @Test
    void aKeyThatIsNotAnUncompressedP256PointIsInvalid() {
        byte[] compressed = point();
        compressed[0] = 0x02;
        byte[] tooShort = Arrays.copyOf(point(), 64);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

        assertThat(keyOf("\"" + encoder.encodeToString(compressed) + "\"")).isEqualTo(ClientMessage.KeyField.INVALID);
        assertThat(keyOf("\"" + encoder.encodeToString(tooShort) + "\"")).isEqualTo(ClientMessage.KeyField.INVALID);
        assertThat(keyOf("\"" + Base64.getEncoder().encodeToString(point()).replace('A', '+') + "+\""))
                .isEqualTo(ClientMessage.KeyField.INVALID);
        assertThat(keyOf("\"\"")).isEqualTo(ClientMessage.KeyField.INVALID);
        assertThat(keyOf("42")).isEqualTo(ClientMessage.KeyField.INVALID);
    }

    // ---- unregister code (W2.2) ----

    @Test
    void anUnregisterCarriesItsCodeOrZero() {
        assertThat(((ClientMessage.Unregister) parsed("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID
                + "\",\"code\":201}")).code()).isEqualTo(201);
        assertThat(((ClientMessage.Unregister) parsed("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID
                + "\",\"code\":\"201\"}")).code()).isZero();
        assertThat(((ClientMessage.Unregister) parsed("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID
                + "\"}")).code()).isZero();
    }

    // ---- ack by message id (W2.3) ----

    @Test
    void anAckWithStringVersionsIsReadAsDataModeEntriesWithTheirCodes() {
        ClientMessage.Ack ack = (ClientMessage.Ack) parsed("{\"messageType\":\"ack\",\"updates\":["
                + "{\"channelID\":\"a\",\"version\":\"m1\",\"code\":100},"
                + "{\"channelID\":\"b\",\"version\":\"m2\",\"code\":102},"
                + "{\"channelID\":\"c\",\"version\":\"m3\"}]}");

        assertThat(ack.pushEntries()).containsExactly(new ClientMessage.PushAckRequest("a", "m1", 100),
                new ClientMessage.PushAckRequest("b", "m2", 102), new ClientMessage.PushAckRequest("c", "m3", 100));
        assertThat(ack.updates()).isEmpty();
    }

    @Test
    void malformedDataModeEntriesAreDroppedAndARepeatedMessageIdCountsOnce() {
        ClientMessage.Ack ack = (ClientMessage.Ack) parsed("{\"messageType\":\"ack\",\"updates\":["
                + "{\"channelID\":\"a\",\"version\":\"m1\",\"code\":\"100\"},"
                + "{\"channelID\":\"a\",\"version\":\"\",\"code\":100},"
                + "{\"version\":\"m2\",\"code\":100},"
                + "{\"channelID\":\"a\",\"version\":\"m3\",\"code\":1.5},"
                + "{\"channelID\":\"a\",\"version\":\"m4\",\"code\":101},"
                + "{\"channelID\":\"a\",\"version\":\"m4\",\"code\":100}]}");

        assertThat(ack.pushEntries()).containsExactly(new ClientMessage.PushAckRequest("a", "m4", 101));
    }

    @Test
    void anAckMixingBothFormsKeepsEachInItsOwnList() {
        ClientMessage.Ack ack = (ClientMessage.Ack) parsed("{\"messageType\":\"ack\",\"updates\":["
                + "{\"channelID\":\"a\",\"version\":5},{\"channelID\":\"b\",\"version\":\"m\",\"code\":100}]}");

        assertThat(ack.updates()).containsExactly(Update.of("a", 5));
        assertThat(ack.pushEntries()).containsExactly(new ClientMessage.PushAckRequest("b", "m", 100));
    }

    @Test
    void aDataModeAckOverTheEntryLimitIsRejectedLikeAnyOther() {
        MessageParser small = new MessageParser(1024 * 1024, 2);
        ParseResult result = small.parse("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"a\",\"version\":"
                + "\"m1\"},{\"channelID\":\"a\",\"version\":\"m2\"},{\"channelID\":\"a\",\"version\":\"m3\"}]}");

        assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class,
                rejected -> assertThat(rejected.cause()).isEqualTo(ParseResult.Cause.ACK_TOO_LARGE));
    }

    // ---- nack (W2.4) and broadcast_subscribe (W6.1) ----

    @Test
    void aNackCarriesItsMessageIdAndCode() {
        ClientMessage.Nack nack = (ClientMessage.Nack) parsed("{\"messageType\":\"nack\",\"version\":\"m1\","
                + "\"code\":302}");

        assertThat(nack.messageId()).isEqualTo("m1");
        assertThat(nack.code()).isEqualTo(302);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"nack\"}", "{\"messageType\":\"nack\",\"version\":7,\"code\":\"x\"}",
            "{\"messageType\":\"NACK\",\"version\":\"\"}"})
    void aNackOfAnyShapeIsAcceptedWithoutAMessageId(String text) {
        ClientMessage.Nack nack = (ClientMessage.Nack) parsed(text);

        assertThat(nack.messageId()).isNull();
        assertThat(nack.code()).isZero();
    }

    @Test
    void aBroadcastSubscribeIsAcceptedWithWhateverBroadcastsItHas() {
        assertThat(((ClientMessage.BroadcastSubscribe) parsed("{\"messageType\":\"broadcast_subscribe\","
                + "\"broadcasts\":{\"a\":\"v1\"}}")).broadcasts()).isEqualTo(Map.of("a", "v1"));
        assertThat(((ClientMessage.BroadcastSubscribe) parsed("{\"messageType\":\"broadcast_subscribe\"}"))
                .broadcasts()).isEmpty();
    }

    // ---- unknown types (W2.5) ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":\"frobnicate\"}", "{\"messageType\":\"notification\"}",
            "{\"messageType\":\"broadcast\"}"})
    void aStringTypeNoDeviceMaySendIsRejectedAsAnUnknownType(String text) {
        ParseResult result = parser.parse(text);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class, rejected -> {
            assertThat(rejected.cause()).isEqualTo(ParseResult.Cause.UNKNOWN_TYPE);
            assertThat(rejected.error()).isEqualTo(ErrorKind.INVALID_COMMAND);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messageType\":3}", "{\"messageType\":null,\"x\":1}", "{\"x\":1}"})
    void aMissingOrNonStringTypeIsAFieldErrorNotAnUnknownType(String text) {
        ParseResult result = parser.parse(text);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class,
                rejected -> assertThat(rejected.cause()).isEqualTo(ParseResult.Cause.FIELD));
    }
}
