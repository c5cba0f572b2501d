package dev.simplepush.schemas;

/**
 * A delivery node saying it is alive: written to {@code node-heartbeats} (compacted, keyed by the
 * node id as a decimal string) every {@code node.heartbeat.interval}. streams-state keeps the
 * newest one per node in a global store and judges a node dead when its heartbeats stop changing
 * for {@code state.node.dead.after}, measured on streams-state's own clock (so the node's clock
 * never has to agree with it).
 *
 * @param nodeId      the node, also its partition of {@code node-commands}
 * @param incarnation random per process start: every connection id the node hands out in this
 *                    life starts with {@code incarnation + "-"}, so presence that names an older
 *                    incarnation of a restarted node is recognisably stale
 * @param atMillis    the node's wall-clock time of this beat; it changes with every beat, which
 *                    is what streams-state watches
 */
public record NodeHeartbeat(int nodeId, String incarnation, long atMillis) {

    /** The compaction key of a node's heartbeats. */
    public static String key(int nodeId) {
        return Integer.toString(nodeId);
    }

    /** Whether a connection id was handed out by this incarnation of the node. */
    public boolean issued(String connectionId) {
        return incarnation != null && connectionId != null && connectionId.startsWith(incarnation + "-");
    }
}
