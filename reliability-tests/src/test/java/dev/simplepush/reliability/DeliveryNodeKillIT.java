package dev.simplepush.reliability;

import dev.simplepush.reliability.Services.Kind;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Scenario 1: {@code kill -9} a delivery node; its devices reconnect to the other one and get everything pending. */
@WithReliabilityCluster
class DeliveryNodeKillIT {

    @TestFactory
    Stream<DynamicTest> killingADeliveryNodeLosesNoAcceptedUpdate(ReliabilityCluster cluster) {
        return Scenario.runs("1. kill -9 a delivery node", cluster, () -> new Scenario.Fault() {
            @Override
            public void inject(Scenario.Context context) {
                Set<LedgerDevice> displaced = context.onNode(0);
                context.faultAt();
                cluster.services().kill(Kind.NODE, 0);
                context.measureReconnect(displaced, Duration.ofSeconds(120));
                context.note(displaced.size() + " devices were on the killed node");
            }

            @Override
            public void heal(Scenario.Context context) {
                cluster.services().start(Kind.NODE, 0);
            }
        });
    }
}
