package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {
    private static final long NOW = 1_000_000;
    private static final Duration OLDER_THAN = Duration.ofSeconds(20);
    private final TopicPartition offsets = new TopicPartition("__consumer_offsets", 2);

    private static ProducerState open(long producerId, int epoch, long lastWriteAgoMillis) {
        return new ProducerState(producerId, epoch, -1, NOW - lastWriteAgoMillis, OptionalInt.of(7), OptionalLong.of(42));
    }

    private List<AbortTransactionSpec> hanging(TransactionState coordinatorState, ProducerState producer) {
        return HangingTransactions.hanging(List.of(new TransactionListing("app-1234-1", 0, coordinatorState)),
                Map.of(offsets, new PartitionProducerState(List.of(producer))), NOW, OLDER_THAN);
    }

    @Test
    void anOldOpenTransactionOfOurProducerThatItsCoordinatorNoLongerRunsIsAbortedWithItsEpochs() {
        assertThat(hanging(TransactionState.EMPTY, open(0, 319, 60_000)))
                .containsExactly(new AbortTransactionSpec(offsets, 0, (short) 319, 7));
    }

    @Test
    void aHangingTransactionOnAChangelogIsAbortedLikeOneOnTheOffsets() {
        TopicPartition changelog = new TopicPartition("app-pending-changelog", 1);

        List<AbortTransactionSpec> hanging = HangingTransactions.hanging(
                List.of(new TransactionListing("app-1234-1", 0, TransactionState.EMPTY)),
                Map.of(offsets, new PartitionProducerState(List.of(open(0, 360, 60_000))),
                        changelog, new PartitionProducerState(List.of(open(0, 360, 60_000)))),
                NOW, OLDER_THAN);

        assertThat(hanging).containsExactlyInAnyOrder(new AbortTransactionSpec(offsets, 0, (short) 360, 7),
                new AbortTransactionSpec(changelog, 0, (short) 360, 7));
    }

    @Test
    void aTransactionItsCoordinatorStillRunsIsLeftAlone() {
        for (TransactionState running : List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE)) {
            assertThat(hanging(running, open(0, 319, 60_000))).as("%s", running).isEmpty();
        }
    }

    @Test
    void aRecentTransactionIsLeftAlone() {
        assertThat(hanging(TransactionState.COMPLETE_COMMIT, open(0, 319, 5_000))).isEmpty();
    }

    @Test
    void anotherApplicationsProducerIsLeftAlone() {
        assertThat(hanging(TransactionState.EMPTY, open(77, 3, 60_000))).isEmpty();
    }

    @Test
    void aProducerWithoutAnOpenTransactionIsLeftAlone() {
        ProducerState closed = new ProducerState(0, 319, -1, NOW - 60_000, OptionalInt.of(7), OptionalLong.empty());

        assertThat(hanging(TransactionState.EMPTY, closed)).isEmpty();
    }

    @Test
    void aYoungOpenTransactionCountsForTheStartUpWaitOnlyWhenBehindItsCoordinatorsEpoch() {
        AbortTransactionSpec killedRuns = new AbortTransactionSpec(offsets, 0, (short) 360, 7);
        AbortTransactionSpec liveInstancesNext = new AbortTransactionSpec(offsets, 5, (short) 12, 7);
        AbortTransactionSpec unknownCoordinator = new AbortTransactionSpec(offsets, 9, (short) 1, 7);

        assertThat(HangingTransactions.behindTheirCoordinator(
                List.of(killedRuns, liveInstancesNext, unknownCoordinator), Map.of(0L, (short) 361, 5L, (short) 12)))
                .containsExactly(killedRuns, unknownCoordinator);
    }
}
