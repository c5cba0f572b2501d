package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLoadTopicTest {
    @Test
    void theNodeLoadTopicIsOneCompactedPartitionWithThePrefix() {
        Topics topics = Topics.withPrefix("t-");
        TopicLayout layout = TopicLayout.from(ConfigSource.of(Map.of()));

        assertThat(topics.nodeLoad().name()).isEqualTo("t-node-load");
        assertThat(topics.all()).contains(topics.nodeLoad());
        assertThat(layout.partitions(topics.nodeLoad().partitioning())).isEqualTo(1);
        assertThat(TopicAdmin.topicConfigs(topics, topics.nodeLoad(), layout))
                .containsEntry("cleanup.policy", "compact");
        assertThat(TopicAdmin.topicConfigs(topics, topics.notifications(), layout))
                .doesNotContainKey("cleanup.policy");
    }

    @Test
    void aNodeLoadRoundTripsThroughItsSerde() {
        NodeLoad load = new NodeLoad(3, "abc", "ws://10.0.0.3:8080/", 12, 100, 1_000L);
        var serde = Topics.DEFAULT.nodeLoad().valueSerde();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", load))).isEqualTo(load);
    }

    @Test
    void aNodeIsBelowItsThresholdUnderItOrWithoutOne() {
        assertThat(new NodeLoad(0, "i", "ws://a/", 9, 10, 0).belowThreshold()).isTrue();
        assertThat(new NodeLoad(0, "i", "ws://a/", 10, 10, 0).belowThreshold()).isFalse();
        assertThat(new NodeLoad(0, "i", "ws://a/", 10_000, 0, 0).belowThreshold()).isTrue();
    }

    @Test
    void aDeliverFromAnOlderStateReadsAsKeepingAndNoStoreOutcomesCarryTtlZero() {
        var serde = Topics.DEFAULT.nodeCommands().valueSerde();
        String old = "{\"type\":\"deliver\",\"nodeId\":1,\"connectionId\":\"c\",\"uaid\":\"u\",\"updates\":[]}";
        NodeCommand.Deliver deliver = (NodeCommand.Deliver) serde.deserializer().deserialize("t", old.getBytes());

        assertThat(deliver.noStore()).isFalse();
        assertThat(deliver.offlineOutcome()).isEqualTo(PutOutcome.STORED);
        assertThat(new NodeCommand.Deliver(1, "c", "u", java.util.List.of(), null, true).offlineOutcome())
                .isEqualTo(PutOutcome.DROPPED);
        assertThat(PutOutcome.DROPPED.keptNothing()).isTrue();
        assertThat(PutOutcome.DELIVERED_NOT_KEPT.keptNothing()).isTrue();
        assertThat(PutOutcome.STORED.keptNothing()).isFalse();
    }
}
