package dev.simplepush.node.balance;

import dev.simplepush.node.connection.HelloBalancer;
import dev.simplepush.schemas.NodeLoad;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Spec §12 connection balancing: a node at or above {@code node.redirect.threshold} connections
 * with a completed hello sends a new device to the least loaded live peer that is below its own
 * threshold. With no such peer it keeps the device, so two full nodes never bounce a device
 * between them.
 */
public final class LoadBalancer implements HelloBalancer {
    private final int selfId;
    private final int threshold;
    private final long staleAfterMillis;
    private final LoadTable table;
    private final InstantSource clock;

    /**
     * @param threshold        connections at which this node starts redirecting; at least 1
     * @param staleAfterMillis reports older than this are ignored (a few load intervals)
     */
    public LoadBalancer(int selfId, int threshold, long staleAfterMillis, LoadTable table, InstantSource clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
        this.selfId = selfId;
        this.threshold = threshold;
        this.staleAfterMillis = staleAfterMillis;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Decision decide(int identifiedConnections) {
        if (identifiedConnections < threshold) {
            return Decision.BELOW_THRESHOLD;
        }
        Optional<NodeLoad> peer = table.leastLoadedPeer(selfId, clock.millis(), staleAfterMillis);
        return peer.map(load -> Decision.redirectTo(load.wsUrl())).orElse(Decision.NO_PEER);
    }
}
