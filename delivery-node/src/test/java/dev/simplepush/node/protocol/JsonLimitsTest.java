package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Jackson's read limits, set on purpose (spec §1.5, §2.1): a valid JSON message within
 * {@code node.max.message.bytes} reaches validation and gets its echo error, where Jackson's
 * defaults (names of 50,000 characters, numbers of 1,000 digits, nesting of 1,000) would have
 * closed it with 1003 as "not JSON".
 */
class JsonLimitsTest {
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final MessageParser parser = new MessageParser(MAX_MESSAGE_BYTES);

    private ParseResult.Rejected echoed(String text) {
        ParseResult result = parser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        assertThat(EchoError.render(rejected.source(), rejected.error().status()))
                .contains("\"status\":401");
        return rejected;
    }

    @Test
    void aKeyOfSixtyThousandCharactersGetsAnEchoError() {
        String key = "k".repeat(60_000);

        ParseResult.Rejected rejected = echoed("{\"messageType\":\"bogus\",\"" + key + "\":1}");

        assertThat(rejected.source().has(key)).isTrue();
    }

    @Test
    void aKeyAsLongAsTheMessageLimitAllowsGetsAnEchoError() {
        echoed("{\"" + "k".repeat(MAX_MESSAGE_BYTES - 100) + "\":1}");
    }

    @Test
    void aStringOfHalfAMegabyteGetsAnEchoError() {
        echoed("{\"messageType\":\"register\",\"channelID\":\"" + "c".repeat(512 * 1024) + "\"}");
    }

    @Test
    void aNumberOfTwoThousandDigitsGetsAnEchoErrorWithTheNumberKept() {
        String digits = "9".repeat(2_000);

        ParseResult.Rejected rejected = echoed("{\"messageType\":\"bogus\",\"n\":" + digits + "}");

        assertThat(EchoError.render(rejected.source(), 401)).contains("\"n\":" + digits);
    }

    @Test
    void aDecimalOfTwoThousandDigitsGetsAnEchoError() {
        echoed("{\"messageType\":\"bogus\",\"n\":0." + "1".repeat(2_000) + "}");
    }

    @Test
    void nestingOfFifteenHundredLevelsGetsAnEchoError() {
        int depth = 1_500;
        String nested = "[".repeat(depth) + "]".repeat(depth);

        echoed("{\"messageType\":\"bogus\",\"deep\":" + nested + "}");
    }

    @Test
    void beyondTheNestingLimitTheMessageIsUnreadable() {
        int depth = DeviceJson.MAX_NESTING_DEPTH + 1;
        String nested = "[".repeat(depth) + "]".repeat(depth);

        assertThat(parser.parse("{\"deep\":" + nested + "}")).isInstanceOf(ParseResult.Unreadable.class);
    }

    @Test
    void beyondTheNumberLimitTheMessageIsUnreadable() {
        String digits = "9".repeat(DeviceJson.MAX_NUMBER_LENGTH + 1);

        assertThat(parser.parse("{\"n\":" + digits + "}")).isInstanceOf(ParseResult.Unreadable.class);
    }

    @Test
    void theDefaultParserAcceptsTheSameLongKeys() {
        assertThat(new MessageParser().parse("{\"" + "k".repeat(60_000) + "\":1}"))
                .isInstanceOf(ParseResult.Rejected.class);
    }
}
