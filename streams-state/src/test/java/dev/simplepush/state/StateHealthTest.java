package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Health;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StateHealthTest {
    @Test
    void onlyRunningIsReady() {
        assertThat(StateService.healthOf(State.RUNNING)).isEqualTo(Health.ready("Kafka Streams RUNNING"));
    }

    @Test
    void startingAndRebalancingAreLiveButNotReady() {
        assertThat(StateService.healthOf(State.CREATED)).isEqualTo(Health.notReady("Kafka Streams CREATED"));
        assertThat(StateService.healthOf(State.REBALANCING)).isEqualTo(Health.notReady("Kafka Streams REBALANCING"));
    }

    @Test
    void stoppingStoppedAndFailedAreDown() {
        for (State state : new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING, State.PENDING_ERROR, State.ERROR}) {
            assertThat(StateService.healthOf(state).live()).as(state.name()).isFalse();
        }
    }
}
