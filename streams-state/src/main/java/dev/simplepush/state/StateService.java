package dev.simplepush.state;

import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.Topics;
import dev.simplepush.state.poison.SetAsideCounter;
import dev.simplepush.state.poison.TopicWriteLimits;
import dev.simplepush.state.poison.WriteLimit;
import dev.simplepush.state.wake.WakeDispatcher;
import dev.simplepush.state.wake.WakeDriver;
import dev.simplepush.state.wake.WakeDrivers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-state service: the single writer of per-device state.
 *
 * <p>Reads {@code notifications} and {@code device-events} (keyed by uaid, co-partitioned);
 * writes {@code node-commands} (partition = node id), {@code gateway-replies} (partition =
 * gateway id) and, unless {@code audit.enabled} is false, {@code audit} (keyed by uaid); keeps the stores {@code registrations}, {@code pending} and {@code presence} in
 * RocksDB with changelog topics {@code <state.application.id>-<store>-changelog}. Scale it by
 * starting more instances with the same {@code state.application.id}; partitions of the uaid
 * topics (and their state) are spread among them.
 *
 * <p>Run it with {@code ./simplepush state}, or {@link #start(StateConfig)} from code.
 *
 * <p>With {@code wake.driver} set, the topology also writes {@code wake-requests} (keyed by uaid),
 * and a wake dispatcher in this process (consumer group {@code <state.application.id>-wake})
 * hands them to the driver.
 *
 * <p>Metrics: Kafka Streams' own (via Micrometer's {@code KafkaStreamsMetrics}) and
 * {@link dev.simplepush.schemas.MetricName#STATE_PENDING} and
 * {@link dev.simplepush.schemas.MetricName#STATE_SET_ASIDE}. Health: ready while Streams is RUNNING,
 * live but not ready while it is starting or REBALANCING.
 *
 * <p>A record it cannot read, process or write is set aside to {@code dead-letters} instead of
 * stopping its partition (see {@code dev.simplepush.state.poison}).
 */
public final class StateService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateService.class);
    private static final String START_TIMEOUT_KEY = StateConfig.START_TIMEOUT_KEY;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    /** After this long without a step, start-up logs where the Streams threads are, once (see {@link StallReport}). */
    private static final Duration STACKS_AFTER = Duration.ofSeconds(30);

    private final StateConfig config;
    private final KafkaStreams streams;
    private final StateMetrics metrics;
    private final SetAsideCounter setAside;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once Streams runs, when a wake-up driver is configured; else null. */
    private volatile WakeDispatcher wakeDispatcher;

    private StateService(StateConfig config, KafkaStreams streams, StateMetrics metrics, SetAsideCounter setAside) {
        this.config = config;
        this.streams = streams;
        this.metrics = metrics;
        this.setAside = setAside;
    }

    /** As {@link #start(StateConfig, MeterRegistry)}, with meters nobody reads. */
    public static StateService start(StateConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Creates the topics if missing, starts Kafka Streams and returns once it is RUNNING.
     *
     * @param registry where this instance's meters go; they are removed again on {@link #close()}
     * @throws IllegalStateException if the topics cannot be created, Streams fails, or it makes no
     *                               progress towards RUNNING (no state change, no restored batch)
     *                               for {@code state.start.timeout}: a long restore is waited for
     */
    public static StateService start(StateConfig config, MeterRegistry registry) {
        WriteLimit limit;
        try (Admin admin = Admin.create(config.kafka().baseProperties())) {
            TopicAdmin.ensureTopics(admin, config.topics(), config.layout());
            NodeHeartbeats.ensureTopic(admin, config.housekeeping().heartbeatTopic(), config.layout());
            limit = TopicWriteLimits.fit(admin, config.writeLimit(), writtenTopics(config), config.streamsProperties());
            if (!config.groupInstanceId().isEmpty()) {
                StaleStaticMembers.remove(admin, config.applicationId(), config.groupInstanceId(),
                        config.numStreamThreads());
            }
            if (StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
                // Before Streams asks for committed offsets or restores a store: either waits on
                // such a transaction for good, silently.
                HangingTransactions.abortBeforeStart(admin, config.applicationId(), writtenTopics(config),
                        config.transactionTimeout());
            }
        }
        Topology topology = StateTopology.build(config.topics(), config.rules(), config.housekeeping(), config.audit(),
                config.wakePolicy(), limit, config.webPush());
        SetAsideCounter setAside = new SetAsideCounter(registry);
        KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties(limit, setAside));
        CompletableFuture<Void> running = new CompletableFuture<>();
        StartProgress progress = new StartProgress();
        streams.setStateListener((newState, oldState) -> {
            LOG.info("streams-state {} -> {}", oldState, newState);
            progress.stateChanged(oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                running.complete(null);
            } else if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING
                    || newState == KafkaStreams.State.PENDING_ERROR) {
                running.completeExceptionally(new IllegalStateException("Kafka Streams went to " + newState));
            }
        });
        streams.setGlobalStateRestoreListener(progress);
        streams.setUncaughtExceptionHandler(new ReplaceThreadHandler());
        StateService service = new StateService(config, streams, new StateMetrics(registry, streams), setAside);
        try {
            streams.start();
            awaitRunning(streams, running, progress, config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while starting streams-state", e);
        } catch (ExecutionException e) {
            service.close();
            throw new IllegalStateException("streams-state did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            // Described before closing, which is a step of its own and leaves no threads.
            String stalled = "state " + streams.state() + ", last step: " + progress.lastStep() + "; threads: "
                    + StallReport.threads(streams);
            service.close();
            throw new IllegalStateException("streams-state made no progress for " + config.startTimeout()
                    + " (" + START_TIMEOUT_KEY + "; " + stalled + ")", e);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        try {
            service.startWakeDispatcher(registry);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("streams-state running as {} on {}", config.applicationId(), config.kafka().bootstrapServers());
        return service;
    }

    /**
     * Waits for RUNNING for as long as Streams makes progress (see {@link StartProgress}); logs
     * the last step and the stream threads' states now and then, so an operator sees a long
     * restore move, and once, after {@link #STACKS_AFTER} without a step, where the Streams
     * threads are waiting; from then on, every {@link #REPORT_EVERY}, aborts hanging
     * transactions that may be what it waits on.
     *
     * @throws TimeoutException when no step was made for {@code state.start.timeout}
     */
    private static void awaitRunning(KafkaStreams streams, CompletableFuture<Void> running, StartProgress progress,
            StateConfig config) throws InterruptedException, ExecutionException, TimeoutException {
        Duration stall = config.startTimeout();
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        long nextRepair = System.nanoTime();
        boolean stacksLogged = false;
        while (true) {
            try {
                running.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                Duration idle = progress.sinceLastStep();
                if (idle.compareTo(stall) > 0) {
                    logStall(config, idle, progress);
                    throw e;
                }
                if (System.nanoTime() > nextReport) {
                    LOG.info("streams-state still starting; last step {} s ago: {}; threads: {}", idle.toSeconds(),
                            progress.lastStep(), StallReport.threads(streams));
                    nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
                }
                if (!stacksLogged && idle.compareTo(STACKS_AFTER) > 0) {
                    logStall(config, idle, progress);
                    stacksLogged = true;
                }
                if (idle.compareTo(STACKS_AFTER) > 0 && System.nanoTime() > nextRepair
                        && StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
                    abortHangingTransactions(config);
                    nextRepair = System.nanoTime() + REPORT_EVERY.toNanos();
                }
            }
        }
    }

    /**
     * A stalled exactly-once start may be waiting on committed offsets or a restore that a
     * transaction nothing will end holds back (see {@link HangingTransactions}); abort such
     * transactions. Only ours, and only older than twice {@code state.transaction.timeout}: a live
     * one is never touched.
     */
    private static void abortHangingTransactions(StateConfig config) {
        try (Admin admin = Admin.create(config.kafka().baseProperties())) {
            HangingTransactions.abort(admin, config.applicationId(), writtenTopics(config),
                    config.transactionTimeout().multipliedBy(2));
        } catch (RuntimeException e) {
            LOG.warn("could not look for hanging transactions: {}", e.toString());
        }
    }

    /** What the broker says of the group and the transactions, and where the Streams threads are. */
    private static void logStall(StateConfig config, Duration idle, StartProgress progress) {
        String cluster;
        try (Admin admin = Admin.create(config.kafka().baseProperties())) {
            cluster = StallReport.cluster(admin, config.applicationId(), writtenTopics(config));
        } catch (RuntimeException e) {
            cluster = "unknown (" + e + ")";
        }
        LOG.warn("streams-state made no progress for {} s (last step: {}); broker: {}; threads:{}", idle.toSeconds(),
                progress.lastStep(), cluster, StallReport.stacks(config.applicationId()));
    }

    /** Every topic a record of streams-state may be written to: its outputs and its stores' changelogs. */
    static List<String> writtenTopics(StateConfig config) {
        Topics topics = config.topics();
        List<String> written = new ArrayList<>(List.of(topics.nodeCommands().name(), topics.gatewayReplies().name(),
                topics.audit().name(), topics.deliveries().name(), topics.wakeRequests().name(),
                topics.deadLetters().name()));
        for (String store : StateStores.CHANGELOGGED) {
            written.add(config.applicationId() + "-" + store + "-changelog");
        }
        return written;
    }

    /** With a wake-up driver configured: the driver and the dispatcher that feeds it (spec §11.3). */
    private void startWakeDispatcher(MeterRegistry registry) {
        WakeDriver driver = WakeDrivers.create(config.wake());
        if (driver != null) {
            wakeDispatcher = WakeDispatcher.start(config.wake(), driver, config.kafka(), config.topics().wakeRequests(),
                    config.wakeGroupId(), registry);
        }
    }

    /** The Streams state, for health checks: RUNNING and REBALANCING are healthy. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Ready while Streams is RUNNING; live but not ready while it is CREATED or REBALANCING (it
     * gets there by itself); down once it is shutting down, stopped or failed.
     */
    public Health health() {
        return healthOf(streams.state());
    }

    static Health healthOf(KafkaStreams.State state) {
        String detail = "Kafka Streams " + state;
        return switch (state) {
            case RUNNING -> Health.ready(detail);
            case CREATED, REBALANCING -> Health.notReady(detail);
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.down(detail);
        };
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        WakeDispatcher dispatcher = wakeDispatcher;
        if (dispatcher != null) {
            dispatcher.close();
        }
        // Leave the group: Streams otherwise stays a member until its session times out (45 s),
        // and a restarted instance (dev mode, a deploy) waits that long for its tasks.
        boolean stopped = streams.close(CloseOptions
                .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(config.closeTimeout()));
        if (!stopped) {
            LOG.warn("streams-state threads did not stop within {}", config.closeTimeout());
        }
        metrics.close();
        setAside.close();
    }
}
