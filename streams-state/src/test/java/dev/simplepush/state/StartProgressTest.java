package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StartProgressTest {
    private final StartProgress progress = new StartProgress();
    private final TopicPartition changelog = new TopicPartition("simplepush-state-pending-changelog", 1);

    @Test
    void aRestoredBatchIsAStepThatNamesTheStoreAndCountsTheRecords() {
        progress.onRestoreStart(changelog, "pending", 0, 5_000);
        progress.onBatchRestored(changelog, "pending", 1_999, 2_000);
        progress.onBatchRestored(changelog, "pending", 3_999, 2_000);

        assertThat(progress.lastStep()).contains("restored 4000 records", "pending", changelog.toString());
        assertThat(progress.sinceLastStep()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStateChangeIsAStep() throws InterruptedException {
        Thread.sleep(20);
        Duration before = progress.sinceLastStep();

        progress.stateChanged(KafkaStreams.State.CREATED, KafkaStreams.State.REBALANCING);

        assertThat(progress.lastStep()).isEqualTo("state CREATED -> REBALANCING");
        assertThat(progress.sinceLastStep()).isLessThan(before);
    }
}
