package dev.simplepush.state;

import dev.simplepush.schemas.NodeHeartbeat;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One task's view of which delivery nodes are alive, refreshed from the global heartbeat store.
 *
 * <p>A node is judged by when its heartbeat last <em>changed</em>, on this instance's clock, not
 * by the time written in it: the node's clock never has to agree with ours. A node is first seen
 * alive, so every node gets a full {@code deadAfter} of grace: after it first heartbeats, and
 * after this task starts. A node that never heartbeated is never judged (it has nothing to miss;
 * nodes send their first heartbeat before they accept a connection).
 *
 * <p>Nobody is judged while no node's heartbeat has changed for {@code deadAfter}: then it is the
 * heartbeats that stall (the partition's leader is moving, or this instance cannot read), not
 * every node at once, and clearing every device's presence would do far more harm than waiting.
 * So detection needs at least one other node alive, as it does for any use.
 *
 * <p>A stall ends unevenly: after a broker failover one node's heartbeat gets through a moment
 * before another's (each producer finds the new leader on its own back-off), and judging by
 * silence alone would then find the slower one silent for longer than {@code deadAfter} and clear
 * its devices' presence although it never stopped. So once no heartbeat at all has changed for
 * half of {@code deadAfter} (nodes beat several times per {@code deadAfter}), the first change
 * after that gap starts every node's window afresh: silence is counted from the later of a node's
 * own last change and the end of the last gap.
 */
final class NodeLiveness {
    private final long deadAfterMillis;
    private final Map<Integer, Seen> nodes = new HashMap<>();
    /** This instance's time of the last refresh that saw any heartbeat change. */
    private long lastChangeAt = Long.MIN_VALUE;
    /** When heartbeats resumed after the last gap of half of {@code deadAfter} without any change. */
    private long resumedAt = Long.MIN_VALUE;

    /**
     * @param heartbeat the newest heartbeat of the node
     * @param changedAt this instance's time when {@code heartbeat} was first seen
     * @param dead      whether the node was judged dead at the last refresh
     */
    private record Seen(NodeHeartbeat heartbeat, long changedAt, boolean dead) {
    }

    NodeLiveness(long deadAfterMillis) {
        this.deadAfterMillis = deadAfterMillis;
    }

    /**
     * Reads every node's newest heartbeat and judges it.
     *
     * @return true when some node has just been judged dead or has restarted (a new incarnation):
     *         presence naming its connections is stale and worth a sweep
     */
    boolean refresh(ReadOnlyKeyValueStore<String, NodeHeartbeat> heartbeats, long nowMillis) {
        Map<Integer, Seen> previous = Map.copyOf(nodes);
        long freshest = Long.MIN_VALUE;
        boolean anyChange = false;
        try (KeyValueIterator<String, NodeHeartbeat> all = heartbeats.all()) {
            while (all.hasNext()) {
                NodeHeartbeat beat;
                try {
                    beat = all.next().value;
                } catch (SerializationException e) {
                    // Restored from the topic as it was written; one bad record must not stop the task.
                    continue;
                }
                if (beat == null) {
                    continue;
                }
                Seen before = previous.get(beat.nodeId());
                long changedAt = before == null || !before.heartbeat().equals(beat) ? nowMillis : before.changedAt();
                anyChange |= changedAt == nowMillis;
                freshest = Math.max(freshest, changedAt);
                nodes.put(beat.nodeId(), new Seen(beat, changedAt, false));
            }
        }
        if (anyChange) {
            if (lastChangeAt != Long.MIN_VALUE && nowMillis - lastChangeAt >= deadAfterMillis / 2) {
                resumedAt = nowMillis;
            }
            lastChangeAt = nowMillis;
        }
        boolean stalled = nowMillis - freshest >= deadAfterMillis;
        boolean changed = false;
        for (Map.Entry<Integer, Seen> entry : nodes.entrySet()) {
            Seen seen = entry.getValue();
            Seen before = previous.get(entry.getKey());
            boolean wasDead = before != null && before.dead();
            long silentSince = wasDead ? seen.changedAt() : Math.max(seen.changedAt(), resumedAt);
            boolean dead = stalled
                    ? wasDead
                    : nowMillis - silentSince >= deadAfterMillis;
            entry.setValue(new Seen(seen.heartbeat(), seen.changedAt(), dead));
            if (before != null && (dead && !before.dead()
                    || !Objects.equals(before.heartbeat().incarnation(), seen.heartbeat().incarnation()))) {
                changed = true;
            }
        }
        return changed;
    }

    /** Whether the node has heartbeated and then stopped for {@code deadAfter}. */
    boolean isDead(int nodeId) {
        Seen seen = nodes.get(nodeId);
        return seen != null && seen.dead();
    }

    /**
     * Whether presence naming this connection is stale: its node is dead, or has restarted since
     * it handed the connection id out.
     */
    boolean isStale(Presence presence) {
        Seen seen = nodes.get(presence.nodeId());
        return seen != null && (seen.dead() || !seen.heartbeat().issued(presence.connectionId()));
    }
}
