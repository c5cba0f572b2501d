package dev.simplepush.reliability;

import dev.simplepush.reliability.Services.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenario 4: {@code kill -9} a gateway with requests in flight. Every request either got a 2xx
 * (and is delivered, by the invariant) or got no answer; app servers move on to the other gateway.
 * The note tells how many requests were cut and how many of those still reached their device (the
 * write had made it to Kafka before the kill).
 */
@WithReliabilityCluster
class GatewayKillIT {
    private static final int VICTIM = 0;

    @TestFactory
    Stream<DynamicTest> killingAGatewayMidRequestLosesNoAcceptedUpdate(ReliabilityCluster cluster) {
        return Scenario.runs("4. kill -9 a gateway mid-request", cluster, () -> new Scenario.Fault() {
            @Override
            public void inject(Scenario.Context context) {
                context.faultAt();
                cluster.services().kill(Kind.GATEWAY, VICTIM);
                long fault = context.faultNanos();
                context.note(() -> {
                    long cut = 0;
                    long cutDelivered = 0;
                    for (Ledger.Put put : context.ledger.puts()) {
                        if (put.gateway() == VICTIM && put.startNanos() < fault && put.endNanos() >= fault
                                && !put.accepted()) {
                            cut++;
                            if (context.ledger.wasReceived(put.channel(), put.version())) {
                                cutDelivered++;
                            }
                        }
                    }
                    return cut + " requests cut by the kill, " + cutDelivered + " of them delivered anyway";
                });
                    }

                    @Override
                    public void heal(Scenario.Context context) {
                        cluster.services().start(Kind.GATEWAY, VICTIM);
                    }
                });
    }
}
