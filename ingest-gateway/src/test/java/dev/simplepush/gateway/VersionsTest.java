package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {
    private static final long NOW = 1_700_000_000L;

    @ParameterizedTest(name = "\"{0}\" is version {1}")
    @CsvSource({
        "0, 0",
        "1, 1",
        "12, 12",
        "+5, 5",
        "007, 7",
        "9223372036854775807, 9223372036854775807",
        "+9223372036854775807, 9223372036854775807",
    })
    void aBaseTenIntegerFromZeroToTheLongMaximumIsItsOwnVersion(String raw, long expected) {
        assertThat(Versions.parse(raw, () -> NOW)).hasValue(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is invalid")
    @ValueSource(strings = {"abc", "-1", "-0", "1.5", "9223372036854775808", "99999999999999999999", " 5", "5 ",
        "1 2", "+", "++5", "+-5", "0x10", "1e3", "١٢", "５"})
    void anythingElseIsAnInvalidVersion(String raw) {
        assertThat(Versions.parse(raw, () -> NOW)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aMissingOrEmptyVersionIsTheCurrentEpochSecond(String raw) {
        assertThat(Versions.parse(raw, () -> NOW)).hasValue(NOW);
    }

    @Test
    void theClockIsNotAskedWhenAVersionIsGiven() {
        OptionalLong parsed = Versions.parse("3", () -> {
            throw new AssertionError("clock asked");
        });
        assertThat(parsed).hasValue(3);
    }
}
