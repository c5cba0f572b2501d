package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CompilerSettledTest {
    private long nanos;
    private long compiledMillis;
    private final CompilerSettled settled =
            new CompilerSettled(Duration.ofSeconds(5), 0.25, () -> compiledMillis, () -> nanos);

    @Test
    void isNotSettledBeforeAWholeWindowWasWatched() {
        for (int second = 0; second < 5; second++) {
            assertThat(settled.getAsBoolean()).as("second %d", second).isFalse();
            tick(1000, 0);
        }
        assertThat(settled.getAsBoolean()).as("a quiet window").isTrue();
    }

    @Test
    void staysUnsettledWhileTheCompilerIsBusierThanTheShare() {
        for (int second = 0; second < 20; second++) {
            assertThat(settled.getAsBoolean()).isFalse();
            tick(1000, 600);
        }
        assertThat(settled.lastBusyShare()).isCloseTo(0.6, Offset.offset(0.01));
    }

    @Test
    void settlesOnceTheLastWindowAloneIsQuietEnough() {
        for (int second = 0; second < 10; second++) {
            settled.getAsBoolean();
            tick(1000, 900);
        }
        // Quiet from now on: the busy seconds must leave the window first.
        boolean[] answers = new boolean[7];
        for (int second = 0; second < 7; second++) {
            answers[second] = settled.getAsBoolean();
            tick(1000, 100);
        }
        assertThat(answers).containsExactly(false, false, false, false, false, true, true);
    }

    @Test
    void aJvmWithoutCompilationTimeNeverSettles() {
        CompilerSettled unmonitored = new CompilerSettled(Duration.ofSeconds(1), 1.0, () -> -1, () -> nanos);
        for (int second = 0; second < 5; second++) {
            assertThat(unmonitored.getAsBoolean()).isFalse();
            tick(1000, 0);
        }
    }

    private void tick(long millis, long compiled) {
        nanos += millis * 1_000_000;
        compiledMillis += compiled;
    }
}
