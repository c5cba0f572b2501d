package dev.simplepush.node;

import dev.simplepush.node.balance.LoadBalancer;
import dev.simplepush.node.balance.LoadTable;
import dev.simplepush.node.broadcast.NodeBroadcasts;
import dev.simplepush.node.connection.Connection;
import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.HelloBalancer;
import dev.simplepush.node.connection.NodeCommandDispatcher;
import dev.simplepush.node.connection.NodeMetrics;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.connection.WebPushSupport;
import dev.simplepush.node.kafka.KafkaNodeOutbound;
import dev.simplepush.node.kafka.NodeCommandConsumer;
import dev.simplepush.node.kafka.NodeHeartbeater;
import dev.simplepush.node.kafka.NodeLoadPublisher;
import dev.simplepush.node.kafka.NodeLoadReader;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.node.transport.NodeWebSocketServer;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.broadcast.BroadcastReader;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.SubscriptionTokens;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery node: the WebSocket edge that holds device connections.
 *
 * <ul>
 *   <li>Reads partition {@code node.id} of {@code deliveries} (read uncommitted: live deliveries) and of
 *   {@code node-commands}: hello, register and unregister
 *       results, deliveries, and takeover closes from streams-state.</li>
 *   <li>Writes {@code device-events} (hello, register, unregister, ack, disconnect; keyed by uaid)
 *       and, for live deliveries, {@code gateway-replies} (partition = the waiting gateway).</li>
 *   <li>Reads {@code broadcasts} whole at start, then follows it: the current version of every
 *       broadcast, fanned out to the connections that subscribed to it (webpush.md W6).</li>
 *   <li>With {@code node.redirect.threshold} above 0 (spec §12): writes its load to
 *       {@code node-load} every {@code node.load.interval} and reads every node's from it, to
 *       redirect first hellos to the least loaded peer.</li>
 * </ul>
 *
 * <p>How to run: {@code ./simplepush node} with {@code SIMPLEPUSH_NODE_ID}, {@code
 * SIMPLEPUSH_KAFKA_BOOTSTRAP_SERVERS}, {@code SIMPLEPUSH_TOKEN_KEYS} (shared with the gateways) and
 * {@code SIMPLEPUSH_NODE_ENDPOINT_BASE} set; see {@link NodeConfig} for every setting.
 *
 * <p>Metrics: the {@code simplepush.node.*} meters and {@code simplepush.delivery.latency} of
 * {@link MetricName}, and the Kafka clients' own. Health: ready while the WebSocket listener is
 * open and the command consumer keeps polling this node's partition.
 */
public final class NodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    /** A command consumer that has not polled for this long is stuck (it polls every 100 ms). */
    private static final Duration POLL_STALL = Duration.ofSeconds(5);
    private static final Duration FIRST_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_ROUND = Duration.ofMillis(200);
    private static final Duration BROADCASTS_LOAD_TIMEOUT = Duration.ofSeconds(60);

    static {
        // Before Undertow (JBoss Logging) loads; the launcher sets it too.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    private final NodeConfig config;
    private final List<AutoCloseable> resources;
    private final ConnectionRegistry registry;
    private final ExecutorService workers;
    private final NodeWebSocketServer server;
    private final NodeCommandConsumer consumer;
    private final NodeCommandConsumer deliveries;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeService(NodeConfig config, List<AutoCloseable> resources, ConnectionRegistry registry,
            ExecutorService workers, NodeWebSocketServer server, NodeCommandConsumer consumer,
            NodeCommandConsumer deliveries) {
        this.config = config;
        this.resources = resources;
        this.registry = registry;
        this.workers = workers;
        this.server = server;
        this.consumer = consumer;
        this.deliveries = deliveries;
    }

    /** As {@link #start(NodeConfig, MeterRegistry)}, with meters nobody reads. */
    public static NodeService start(NodeConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Creates missing topics, checks that {@code node.id} names a partition of {@code node-commands},
     * positions the command consumer at the end of it, then opens the WebSocket listener. Returns
     * once devices can connect.
     *
     * @param meters where the node's meters go; they are removed again on {@link #close()}
     */
    public static NodeService start(NodeConfig config, MeterRegistry meters) {
        TopicAdmin.ensureTopicsWithPartition(config.kafka(), config.topics(), config.layout(),
                config.topics().nodeCommands().name(), config.nodeId(), NodeConfig.NODE_ID);
        try (Admin admin = Admin.create(config.kafka().baseProperties())) {
            NodeHeartbeats.ensureTopic(admin, config.heartbeatTopic(), config.layout());
        }
        EndpointTokens tokens = EndpointTokens.fromSettingOrGenerated(config.tokenKeys());
        SSLContext tls = config.tls().sslContext();
        // Closed in reverse order; the listener goes first so no new connection races the shutdown.
        List<AutoCloseable> resources = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                namedThreads("node-" + config.nodeId() + "-worker-"));
        try {
            // Closed last: the meters outlive everything that records into them.
            NodeMetrics metrics = new NodeMetrics(meters);
            resources.add(metrics);
            ScheduledTimers timers = new ScheduledTimers("node-" + config.nodeId() + "-timers");
            resources.add(timers);
            Counter auditFailures = Counter.builder(MetricName.AUDIT_WRITE_FAILURES.meterName())
                    .description(MetricName.AUDIT_WRITE_FAILURES.description())
                    .tag(MetricName.AUDIT_WRITE_FAILURES.tagKey(), "node")
                    .register(meters);
            resources.add(() -> meters.remove(auditFailures));
            KafkaNodeOutbound outbound = KafkaNodeOutbound.create(config.kafka(), config.topics(), config.nodeId(),
                    config.audit().enabled(), auditFailures::increment, config.producerLinger());
            resources.add(outbound);
            resources.add(outbound.bindMetrics(meters));
            ConnectionIds ids = new ConnectionIds();
            // Before the listener opens: streams-state knows this incarnation before any device
            // can connect to it. Stopped before the producer closes.
            resources.add(NodeHeartbeater.start(outbound, config.heartbeatTopic(), config.nodeId(), ids.incarnation(),
                    config.heartbeatInterval(), FIRST_HEARTBEAT_TIMEOUT, Clock.systemUTC()));
            resources.add(() -> shutdown(workers));
            ConnectionRegistry registry = new ConnectionRegistry();
            Gauge connections = Gauge.builder(MetricName.NODE_CONNECTIONS.meterName(), registry,
                            ConnectionRegistry::size)
                    .description(MetricName.NODE_CONNECTIONS.description())
                    .register(meters);
            resources.add(() -> meters.remove(connections));
            NodeCommandDispatcher dispatcher = new NodeCommandDispatcher(registry, outbound, metrics, new MessageIds(tokens));
            NodeCommandConsumer consumer = NodeCommandConsumer.create(config.kafka(), config.topics().nodeCommands(),
                    config.nodeId(), dispatcher);
            resources.add(consumer);
            resources.add(consumer.bindMetrics(meters));
            consumer.start();
            NodeCommandConsumer deliveries = NodeCommandConsumer.create(config.kafka(), config.topics().deliveries(),
                    config.nodeId(), dispatcher, true);
            resources.add(deliveries);
            resources.add(deliveries.bindMetrics(meters));
            deliveries.start();
            HelloBalancer balancer = HelloBalancer.OFF;
            if (config.redirectsEnabled()) {
                // Peers' loads are read before the listener opens, so the first hellos already see them.
                LoadTable loads = new LoadTable();
                resources.add(NodeLoadReader.start(config.kafka(), config.topics().nodeLoad(), config.nodeId(), loads));
                balancer = new LoadBalancer(config.nodeId(), config.redirectThreshold(),
                        config.loadInterval().toMillis() * NodeConfig.STALE_LOAD_INTERVALS, loads, Clock.systemUTC());
            }
            MessageParser parser = new MessageParser(config.maxMessageBytes(), config.maxAckUpdates());
            ConnectionContext context = new ConnectionContext(config.connectionSettings(), outbound, timers,
                    Clock.systemUTC(), tokens, registry, ids, parser, workers, metrics, balancer,
                    new WebPushSupport(new MessageIds(tokens), new SubscriptionTokens(tokens),
                            startBroadcasts(config, meters, resources)));
            NodeWebSocketServer server = NodeWebSocketServer.start(config.listenHost(), config.listenPort(), tls,
                    config.maxMessageBytes(), config.origins(), config.connectionRate(), config.bufferSize(), context,
                    config.transport());
            resources.add(server);
            if (config.redirectsEnabled()) {
                // After the listener: the URL needs the bound port. Stopped before the producer closes.
                resources.add(NodeLoadPublisher.start(outbound, config.topics().nodeLoad().name(), config.nodeId(),
                        ids.incarnation(), config.publicUrl(server.port()), config.redirectThreshold(),
                        registry::identifiedCount, config.loadInterval(), Clock.systemUTC()));
            }
            LOG.info("delivery node {} listening on {}:{} ({})", config.nodeId(), config.listenHost(), server.port(),
                    config);
            return new NodeService(config, resources, registry, workers, server, consumer, deliveries);
        } catch (RuntimeException e) {
            closeAll(resources);
            shutdown(workers);
            throw e;
        }
    }

    /**
     * Reads the {@code broadcasts} topic whole before the listener opens, so the first hello is
     * answered with the current versions (webpush.md W6), then follows it. Both are closed with
     * the node, the reader first.
     */
    private static NodeBroadcasts startBroadcasts(NodeConfig config, MeterRegistry meters,
            List<AutoCloseable> resources) {
        NodeBroadcasts broadcasts = new NodeBroadcasts(new BroadcastTable(), config.broadcasts(), meters,
                "node-" + config.nodeId() + "-broadcast-fanout");
        resources.add(broadcasts);
        BroadcastReader reader = BroadcastReader.start(config.kafka(), config.topics().broadcasts(),
                "simplepush-node-" + config.nodeId() + "-broadcasts", broadcasts.table(), broadcasts);
        resources.add(reader);
        try {
            if (!reader.awaitLoaded(BROADCASTS_LOAD_TIMEOUT)) {
                throw new IllegalStateException("could not read " + config.topics().broadcasts().name() + " within "
                        + BROADCASTS_LOAD_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the broadcasts", e);
        }
        LOG.info("delivery node {} serves {} broadcast(s)", config.nodeId(), broadcasts.table().size());
        return broadcasts;
    }

    /** The bound WebSocket port (the real one when {@code node.listen.port} is 0). */
    public int port() {
        return server.port();
    }

    public int nodeId() {
        return config.nodeId();
    }

    public NodeConfig config() {
        return config;
    }

    /** Live device connections. */
    public int connectionCount() {
        return registry.size();
    }

    /**
     * Ready while the WebSocket listener is open and the command consumer has polled this node's
     * partition within the last few seconds (without that, every hello would time out); down once
     * closed or if the consumer thread has died.
     */
    public Health health() {
        if (closed.get()) {
            return Health.down("node " + config.nodeId() + " is stopped");
        }
        for (NodeCommandConsumer reader : List.of(consumer, deliveries)) {
            if (!reader.isPolling()) {
                return Health.down("the consumer of " + reader.partition() + " has stopped");
            }
            long sincePoll = reader.sinceLastPoll().toMillis();
            if (sincePoll > POLL_STALL.toMillis()) {
                return Health.notReady("the consumer of " + reader.partition() + " last polled " + sincePoll
                        + " ms ago");
            }
        }
        if (!server.isListening()) {
            return Health.notReady("the WebSocket listener is closed");
        }
        return Health.ready("WebSocket on port " + server.port() + " with " + registry.size()
                + " connections, commands from " + consumer.partition());
    }

    /**
     * Drains, then stops: new upgrades get HTTP 503; every device socket gets a normal close (1001,
     * going away), so devices reconnect, through the load balancer, to another node; each closed
     * connection tells streams-state it is gone, so its presence is cleared and PUTs meanwhile are
     * stored (202) and flushed on the device's next hello. Once no socket is left, or after
     * {@code node.drain.timeout}, the listener, the heartbeats, the command consumer (still
     * answering deliveries for closing sockets until then), the workers and the producer (sending
     * what is queued) stop. The command consumer has no group, so there is no offset to commit.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int open = registry.size();
        LOG.info("draining delivery node {} with {} connections (at most {})", config.nodeId(), open,
                config.drainTimeout());
        server.drain();
        boolean drained = drain(config.drainTimeout());
        if (drained) {
            LOG.info("delivery node {} drained {} connections", config.nodeId(), open);
        } else {
            LOG.warn("delivery node {} still had {} connections after {}; stopping anyway", config.nodeId(),
                    registry.size(), config.drainTimeout());
        }
        closeAll(resources);
    }

    /**
     * Closes sockets until none is left (a handshake that was in flight is caught on the next
     * round), then waits for their close handshakes, so each device reads its 1001 before the
     * listener stops.
     */
    private boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            do {
                registry.snapshot().forEach(Connection::shutdown);
                long left = Math.max(0, deadline - System.nanoTime());
                if (registry.awaitEmpty(Duration.ofNanos(Math.min(left, DRAIN_ROUND.toNanos())))) {
                    break;
                }
            } while (System.nanoTime() < deadline);
            boolean socketsClosed = registry.awaitNoSockets(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return registry.size() == 0 && socketsClosed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once {@link #close()} began: the node refuses new connections. */
    public boolean isDraining() {
        return server.isDraining();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resources.get(i), e);
            }
        }
    }

    /** Lets queued connection events (the disconnects above all) finish before the producer closes. */
    private static void shutdown(ExecutorService workers) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
