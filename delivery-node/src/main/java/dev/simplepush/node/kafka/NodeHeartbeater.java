package dev.simplepush.node.kafka;

import dev.simplepush.schemas.NodeHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells streams-state this node is alive: a {@link NodeHeartbeat} to {@code node-heartbeats}
 * every {@code node.heartbeat.interval}, on a daemon thread of its own so no socket or command
 * work can delay it. The first is sent, and acknowledged, before {@link #start} returns, so a
 * device can never be connected here before streams-state could know the node.
 */
public final class NodeHeartbeater implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeater.class);

    private final ScheduledExecutorService executor;

    private NodeHeartbeater(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Sends the first heartbeat, waiting at most {@code firstTimeout} for it, then one every
     * {@code interval}.
     *
     * @throws IllegalStateException if the first heartbeat is not acknowledged in time
     */
    public static NodeHeartbeater start(KafkaNodeOutbound outbound, String topic, int nodeId, String incarnation,
            Duration interval, Duration firstTimeout, Clock clock) {
        try {
            outbound.heartbeat(topic, new NodeHeartbeat(nodeId, incarnation, clock.millis()))
                    .get(firstTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the first heartbeat", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the first heartbeat of node " + nodeId + " to " + topic
                    + " was not acknowledged: " + e, e);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-" + nodeId + "-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                outbound.heartbeat(topic, new NodeHeartbeat(nodeId, incarnation, clock.millis()));
            } catch (RuntimeException e) {
                // The producer's own buffer timeout (max.block.ms) ends up here; the next beat retries.
                LOG.warn("could not send the heartbeat of node {}: {}", nodeId, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("node {} (incarnation {}) heartbeats to {} every {} ms", nodeId, incarnation, topic,
                interval.toMillis());
        return new NodeHeartbeater(executor);
    }

    /** Stops beating; streams-state judges the node dead once the others have beaten for a while. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
