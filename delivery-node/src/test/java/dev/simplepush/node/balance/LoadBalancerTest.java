package dev.simplepush.node.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.node.connection.HelloBalancer.Decision;
import dev.simplepush.node.connection.HelloBalancer.Outcome;
import dev.simplepush.schemas.NodeLoad;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The choice of a peer: least loaded, live, below its own threshold, never this node itself. */
class LoadBalancerTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long STALE_AFTER = 3_000;
    private static final int SELF = 0;

    private final LoadTable table = new LoadTable();
    private final LoadBalancer balancer = new LoadBalancer(SELF, 10, STALE_AFTER, table,
            InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    private static NodeLoad load(int node, int connections, int threshold, long ageMillis) {
        return new NodeLoad(node, "inc" + node, "ws://node" + node + ":8080/", connections, threshold, NOW - ageMillis);
    }

    @Test
    void belowTheThresholdTheNodeKeepsTheDevice() {
        table.update(load(1, 0, 10, 0));

        assertThat(balancer.decide(9)).isEqualTo(Decision.BELOW_THRESHOLD);
    }

    @Test
    void atTheThresholdTheLeastLoadedPeerIsChosen() {
        table.update(load(1, 7, 10, 0));
        table.update(load(2, 3, 10, 0));
        table.update(load(3, 5, 10, 0));

        assertThat(balancer.decide(10)).isEqualTo(Decision.redirectTo("ws://node2:8080/"));
    }

    @Test
    void staleReportsAreIgnored() {
        table.update(load(1, 0, 10, STALE_AFTER + 1));
        table.update(load(2, 8, 10, STALE_AFTER));

        assertThat(balancer.decide(10)).isEqualTo(Decision.redirectTo("ws://node2:8080/"));
    }

    @Test
    void theNodesOwnReportIsIgnored() {
        table.update(load(SELF, 0, 10, 0));

        assertThat(balancer.decide(10).outcome()).isEqualTo(Outcome.NO_PEER);
    }

    @Test
    void withNoPeerBelowItsOwnThresholdTheDeviceIsAccepted() {
        table.update(load(1, 10, 10, 0));
        table.update(load(2, 50, 20, 0));

        assertThat(balancer.decide(12)).isEqualTo(Decision.NO_PEER);
    }

    @Test
    void aPeerWithoutAThresholdTakesAnyLoad() {
        table.update(load(1, 500, 0, 0));

        assertThat(balancer.decide(10)).isEqualTo(Decision.redirectTo("ws://node1:8080/"));
    }

    @Test
    void anOlderReportNeverReplacesANewerOne() {
        table.update(load(1, 2, 10, 0));
        table.update(load(1, 10, 10, 500));

        assertThat(balancer.decide(10)).isEqualTo(Decision.redirectTo("ws://node1:8080/"));
    }
}
