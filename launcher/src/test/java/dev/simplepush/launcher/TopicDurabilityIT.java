package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Topics left from a single-broker start, then a layout that asks for production durability: the
 * existing topics are kept (only an operator can re-replicate them) and every one is reported.
 */
@WithKafkaCluster
class TopicDurabilityIT {

    @Test
    void existingTopicsLessDurableThanTheLayoutAreReportedAndKept(KafkaCluster cluster) {
        try (Admin admin = cluster.createAdmin()) {
            List<String> first = TopicAdmin.ensureTopics(admin, cluster.topics(), new TopicLayout(2, 1, 1, (short) 1, 1));
            assertThat(first).as("a layout the topics were made with").isEmpty();

            List<String> raised = TopicAdmin.ensureTopics(admin, cluster.topics(), new TopicLayout(2, 1, 1, (short) 3, 2));

            List<Topic<?>> all = cluster.topics().all();
            assertThat(raised).hasSize(2 * all.size());
            for (Topic<?> topic : all) {
                assertThat(raised).anySatisfy(line -> assertThat(line)
                        .startsWith("topic " + topic.name() + " has 1 replica(s)"));
                assertThat(raised).anySatisfy(line -> assertThat(line)
                        .startsWith("topic " + topic.name() + " has min.insync.replicas=1"));
            }
        }
    }
}
