package dev.simplepush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevWarmupTest {
    @Test
    void theDefaultWarmUpRunsTwoThirdsThenAThird() {
        assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(10)), DevWarmup.rounds(Duration.ofSeconds(30)));
    }

    @Test
    void theRoundsAddUpToTheWholeWarmUp() {
        List<Duration> rounds = DevWarmup.rounds(Duration.ofMillis(45_001));

        assertEquals(2, rounds.size());
        assertEquals(Duration.ofMillis(45_001), rounds.get(0).plus(rounds.get(1)));
        assertEquals(Duration.ofMillis(45_001).dividedBy(3), rounds.get(1));
    }

    @Test
    void aWarmUpTooShortForTwoRoundsRunsOne() {
        Duration shorter = DevWarmup.SHORTEST_TWO_ROUNDS.minusMillis(1);

        assertEquals(List.of(shorter), DevWarmup.rounds(shorter));
        assertEquals(2, DevWarmup.rounds(DevWarmup.SHORTEST_TWO_ROUNDS).size());
    }
}
