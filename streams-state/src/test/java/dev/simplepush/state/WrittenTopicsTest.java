package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The topics streams-state writes are where start-up aborts hanging transactions and fits the
 * write limit: a changelog missing there is a store whose restore can hang after a crash.
 */
class WrittenTopicsTest {

    @Test
    void everyStoreOfTheTopologyButTheGlobalOneHasItsChangelogAmongTheWrittenTopics() {
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of()));
        TopologyDescription description = StateTopology.build(config.topics(), config.rules(), config.housekeeping(),
                config.audit(), config.wakePolicy(), config.writeLimit(), config.webPush()).describe();
        Set<String> stores = description.subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .filter(TopologyDescription.Processor.class::isInstance)
                .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                .collect(Collectors.toSet());

        assertThat(stores).containsExactlyInAnyOrderElementsOf(StateStores.CHANGELOGGED);
        assertThat(StateService.writtenTopics(config)).containsAll(stores.stream()
                .map(store -> config.applicationId() + "-" + store + "-changelog").toList());
    }
}
