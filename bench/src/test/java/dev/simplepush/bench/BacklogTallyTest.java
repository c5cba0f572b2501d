package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.bench.BacklogTally.Arrival;
import org.junit.jupiter.api.Test;

class BacklogTallyTest {

    @Test
    void aDeviceIsDoneWhenTheLastAcceptedVersionArrivesInAnyOrder() {
        BacklogTally tally = new BacklogTally();
        tally.accepted(1);
        tally.accepted(2);
        tally.accepted(3);

        assertThat(tally.arrived(2, 10)).isEqualTo(Arrival.NEW);
        assertThat(tally.arrived(3, 20)).isEqualTo(Arrival.NEW);
        assertThat(tally.complete()).isFalse();
        assertThat(tally.missing()).isEqualTo(1);
        assertThat(tally.completedAtNanos()).isEqualTo(-1);
        assertThat(tally.arrived(1, 30)).isEqualTo(Arrival.NEW);

        assertThat(tally.complete()).isTrue();
        assertThat(tally.completedAtNanos()).isEqualTo(30);
        assertThat(tally.acceptedCount()).isEqualTo(3);
    }

    @Test
    void aVersionArrivingTwiceIsADuplicateAndDoesNotMoveTheCompletion() {
        BacklogTally tally = new BacklogTally();
        tally.accepted(1);
        tally.arrived(1, 5);

        assertThat(tally.arrived(1, 9)).isEqualTo(Arrival.DUPLICATE);
        assertThat(tally.completedAtNanos()).isEqualTo(5);
    }

    @Test
    void aVersionNeverAcceptedOrWithoutABenchVersionIsUnexpectedAndCountsForNothing() {
        BacklogTally tally = new BacklogTally();
        tally.accepted(1);

        assertThat(tally.arrived(2, 5)).isEqualTo(Arrival.UNEXPECTED);
        assertThat(tally.arrived(-1, 5)).isEqualTo(Arrival.UNEXPECTED);
        assertThat(tally.missing()).isEqualTo(1);
        assertThat(tally.complete()).isFalse();
    }

    @Test
    void anAcceptAnsweredTwiceCountsOnce() {
        BacklogTally tally = new BacklogTally();
        tally.accepted(4);
        tally.accepted(4);

        assertThat(tally.missing()).isEqualTo(1);
        assertThat(tally.acceptedCount()).isEqualTo(1);
    }

    @Test
    void aDeviceWithNothingAcceptedIsCompleteWithoutACompletionTime() {
        BacklogTally tally = new BacklogTally();

        assertThat(tally.complete()).isTrue();
        assertThat(tally.completedAtNanos()).isEqualTo(-1);
    }
}
