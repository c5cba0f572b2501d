package dev.simplepush.state;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether a starting Kafka Streams is getting anywhere. After a crash, start-up is a sequence of
 * steps whose length depends on what there is to redo: the broker's coordinators loading, the old
 * static member being replaced, a transaction of the dead instance being aborted, task state
 * restored from changelogs (as long as the changelogs are). Streams retries what is retriable by
 * itself, so start-up waits for as long as it moves: a state change or a restored batch counts as
 * a step. Only a wait with no step for {@code state.start.timeout} fails it.
 */
final class StartProgress implements StateRestoreListener {
    private volatile long lastStepNanos = System.nanoTime();
    private volatile String lastStep = "created";
    private volatile long restored;

    void stateChanged(KafkaStreams.State oldState, KafkaStreams.State newState) {
        step("state " + oldState + " -> " + newState);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        step("restoring " + storeName + " from " + partition + " (" + (endingOffset - startingOffset) + " records)");
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        restored += numRestored;
        step("restored " + restored + " records, " + storeName + " from " + partition + " at offset "
                + batchEndOffset);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        step("restored " + storeName + " from " + partition + " (" + totalRestored + " records)");
    }

    private void step(String description) {
        lastStep = description;
        lastStepNanos = System.nanoTime();
    }

    /** How long since the last step. */
    Duration sinceLastStep() {
        return Duration.ofNanos(System.nanoTime() - lastStepNanos);
    }

    String lastStep() {
        return lastStep;
    }
}
