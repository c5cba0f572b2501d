package dev.simplepush.schemas;

/**
 * A delivery node's load, for connection balancing (spec §12): written to {@code node-load}
 * (compacted, one partition, keyed by the node id as a decimal string) every
 * {@code node.load.interval} by nodes with redirects enabled, and read by every such node to pick
 * where to send a hello it will not take.
 *
 * @param nodeId      the node
 * @param incarnation random per process start, as in {@link NodeHeartbeat}
 * @param wsUrl       the WebSocket URL devices should connect to ({@code node.public.url})
 * @param connections connections with a completed hello
 * @param threshold   the node's {@code node.redirect.threshold}: at or above it the node redirects;
 *                    0 means it never redirects (and counts as below its threshold)
 * @param atMillis    the node's wall-clock time of this report; readers ignore stale reports
 */
public record NodeLoad(int nodeId, String incarnation, String wsUrl, int connections, int threshold,
        long atMillis) {

    /** The compaction key of a node's reports. */
    public static String key(int nodeId) {
        return Integer.toString(nodeId);
    }

    /** Whether the node takes another device without redirecting it. */
    public boolean belowThreshold() {
        return threshold <= 0 || connections < threshold;
    }
}
