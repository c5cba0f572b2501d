package dev.simplepush.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void isoInstantsOffsetsAndDatesAreRead() {
        assertThat(TimeArgument.parse("2026-11-28T01:02:03.456Z", CLOCK)).isEqualTo("2026-11-28T01:02:03.456Z");
        assertThat(TimeArgument.parse("2026-11-28T02:00:00+01:00", CLOCK)).isEqualTo("2026-11-28T01:00:00Z");
        assertThat(TimeArgument.parse("2026-11-28", CLOCK)).isEqualTo("2026-11-28T00:00:00Z");
    }

    @Test
    void relativeTimesCountBackFromNow() {
        assertThat(TimeArgument.parse("-2h", CLOCK)).isEqualTo(NOW.minusSeconds(7_200));
        assertThat(TimeArgument.parse("-15m", CLOCK)).isEqualTo(NOW.minusSeconds(900));
        assertThat(TimeArgument.parse("-3d", CLOCK)).isEqualTo(NOW.minusSeconds(3 * 86_400));
        assertThat(TimeArgument.parse("-30s", CLOCK)).isEqualTo(NOW.minusSeconds(30));
        assertThat(TimeArgument.parse("-500ms", CLOCK)).isEqualTo(NOW.minusMillis(500));
        assertThat(TimeArgument.parse("-1w", CLOCK)).isEqualTo(NOW.minusSeconds(7 * 86_400));
        assertThat(TimeArgument.parse("now", CLOCK)).isEqualTo(NOW);
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        assertThatThrownBy(() -> TimeArgument.parse("2h", CLOCK)).hasMessageContaining("-2h");
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", CLOCK)).hasMessageContaining("ISO-8601");
    }
}
