package dev.simplepush.reliability;

import dev.simplepush.reliability.Services.Kind;
import dev.simplepush.schemas.Topics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenario 2: {@code kill -9} the streams-state instance that holds the most active tasks; once the
 * group notices (the session timeout), the other instance takes them over from its standby
 * replicas, and the killed one is restarted later.
 */
@WithReliabilityCluster
class StateInstanceKillIT {

    @TestFactory
    Stream<DynamicTest> killingAStreamsStateInstanceLosesNoAcceptedUpdate(ReliabilityCluster cluster) {
        return Scenario.runs("2. kill -9 a streams-state instance", cluster, () -> new Scenario.Fault() {
            private int victim;

            @Override
            public void inject(Scenario.Context context) {
                int[] active = activeTasks(cluster);
                victim = active[0] >= active[1] ? 0 : 1;
                context.faultAt();
                cluster.services().kill(Kind.STATE, victim);
                context.note("killed state-" + victim + " holding " + active[victim] + " of "
                        + (active[0] + active[1]) + " active tasks; standby replicas 1, session timeout 10 s");
            }

            @Override
            public void heal(Scenario.Context context) {
                cluster.services().start(Kind.STATE, victim);
            }
        });
    }

    /** Partitions of {@code notifications} (one per active task) each instance consumes now. */
    private static int[] activeTasks(ReliabilityCluster cluster) {
        String topic = Topics.withPrefix(Services.TOPIC_PREFIX).notifications().name();
        String group = Services.TOPIC_PREFIX + "simplepush-state";
        int[] counts = new int[Services.STATES];
        String[] processIds = new String[Services.STATES];
        for (int i = 0; i < Services.STATES; i++) {
            processIds[i] = cluster.services().streamsProcessId(i);
        }
        try (Admin admin = cluster.brokers().admin()) {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(java.util.List.of(group))
                    .all().get(10, TimeUnit.SECONDS);
            for (MemberDescription member : groups.get(group).members()) {
                for (int i = 0; i < Services.STATES; i++) {
                    if (member.clientId().contains(processIds[i])) {
                        counts[i] += (int) member.assignment().topicPartitions().stream()
                                .filter(partition -> partition.topic().equals(topic)).count();
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the streams-state group " + group, e);
        }
        return counts;
    }
}
