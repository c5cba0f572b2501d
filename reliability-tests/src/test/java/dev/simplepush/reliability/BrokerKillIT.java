package dev.simplepush.reliability;

import dev.simplepush.schemas.Topics;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenario 3: {@code kill -9} the broker leading partition 0 of {@code notifications}; with
 * replication factor 3 and {@code min.insync.replicas=2} PUTs keep succeeding once leadership
 * moves. The broker is restarted later and catches up.
 */
@WithReliabilityCluster
class BrokerKillIT {

    @TestFactory
    Stream<DynamicTest> killingABrokerLosesNoAcceptedUpdate(ReliabilityCluster cluster) {
        return Scenario.runs("3. kill -9 a broker", cluster, () -> new Scenario.Fault() {
            private int victim;

            @Override
            public void inject(Scenario.Context context) {
                victim = cluster.brokers().leaderOf(
                        Topics.withPrefix(Services.TOPIC_PREFIX).notifications().name(), 0);
                context.faultAt();
                cluster.brokers().kill(victim);
                context.note("killed broker " + KafkaBrokers.nodeId(victim) + " (leader of notifications-0)");
            }

            @Override
            public void heal(Scenario.Context context) {
                cluster.brokers().start(victim);
            }
        });
    }
}
