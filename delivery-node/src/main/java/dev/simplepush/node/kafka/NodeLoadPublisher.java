package dev.simplepush.node.kafka;

import dev.simplepush.schemas.NodeLoad;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's load to {@code node-load} every {@code node.load.interval}, on a daemon
 * thread of its own, while redirects are enabled (spec §12). The first report goes out at once.
 */
public final class NodeLoadPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLoadPublisher.class);

    private final ScheduledExecutorService executor;

    private NodeLoadPublisher(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * @param connections connections with a completed hello, read at each report
     */
    public static NodeLoadPublisher start(KafkaNodeOutbound outbound, String topic, int nodeId, String incarnation,
            String wsUrl, int threshold, IntSupplier connections, Duration interval, Clock clock) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-" + nodeId + "-load");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                outbound.load(topic, new NodeLoad(nodeId, incarnation, wsUrl, connections.getAsInt(), threshold,
                        clock.millis()));
            } catch (RuntimeException e) {
                LOG.warn("could not send the load of node {}: {}", nodeId, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("node {} publishes its load to {} every {} ms as {} (redirects at {} connections)", nodeId, topic,
                interval.toMillis(), wsUrl, threshold);
        return new NodeLoadPublisher(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
