package dev.simplepush.node.balance;

import dev.simplepush.schemas.NodeLoad;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest {@link NodeLoad} of every node, as read from {@code node-load}. Written by the one
 * thread that reads the topic, read by the connections. Thread-safe.
 */
public final class LoadTable {
    private final Map<Integer, NodeLoad> loads = new ConcurrentHashMap<>();

    /** Keeps {@code load} unless a newer report of the same node is already here. */
    public void update(NodeLoad load) {
        loads.merge(load.nodeId(), load, (old, now) -> now.atMillis() >= old.atMillis() ? now : old);
    }

    /**
     * The least loaded live peer that is below its own threshold: fewest connections, then the
     * lowest node id. A report older than {@code staleAfterMillis} (by the writer's clock against
     * ours) is ignored, as is {@code selfId}'s own and any without a URL.
     */
    public Optional<NodeLoad> leastLoadedPeer(int selfId, long nowMillis, long staleAfterMillis) {
        return loads.values().stream()
                .filter(load -> load.nodeId() != selfId)
                .filter(load -> nowMillis - load.atMillis() <= staleAfterMillis)
                .filter(load -> load.wsUrl() != null && !load.wsUrl().isBlank())
                .filter(NodeLoad::belowThreshold)
                .min(Comparator.comparingInt(NodeLoad::connections).thenComparingInt(NodeLoad::nodeId));
    }

    /** Reports held, live or not. */
    public int size() {
        return loads.size();
    }
}
