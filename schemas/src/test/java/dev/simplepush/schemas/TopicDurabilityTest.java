package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What TopicAdmin reports about existing topics that are less durable than the layout asks. */
class TopicDurabilityTest {
    private static final TopicLayout PRODUCTION = new TopicLayout(12, 16, 16, (short) 3, 2);

    @Test
    void topicsAsReplicatedAsTheLayoutAsksAreNotReported() {
        List<String> shortfalls = TopicAdmin.durabilityShortfalls(PRODUCTION, List.of("a", "b"),
                Map.of("a", 3, "b", 5), Map.of("a", 2, "b", 3));

        assertThat(shortfalls).isEmpty();
    }

    @Test
    void aTopicWithFewerReplicasIsReportedWithHowToFixIt() {
        List<String> shortfalls = TopicAdmin.durabilityShortfalls(PRODUCTION, List.of("a", "notifications"),
                Map.of("a", 3, "notifications", 1), Map.of("a", 2, "notifications", 2));

        assertThat(shortfalls).singleElement().asString()
                .contains("notifications", "1 replica", "topics.replication.factor is 3", "kafka-reassign-partitions");
    }

    @Test
    void aTopicWithALowerMinInsyncIsReportedWithTheCommandThatRaisesIt() {
        List<String> shortfalls = TopicAdmin.durabilityShortfalls(PRODUCTION, List.of("device-events"),
                Map.of("device-events", 3), Map.of("device-events", 1));

        assertThat(shortfalls).singleElement().asString().contains("min.insync.replicas=1",
                "--entity-name device-events --add-config min.insync.replicas=2");
    }

    @Test
    void aTopicTheClusterSaidNothingAboutIsNotGuessedAt() {
        assertThat(TopicAdmin.durabilityShortfalls(PRODUCTION, List.of("gone"), Map.of(), Map.of())).isEmpty();
    }
}
