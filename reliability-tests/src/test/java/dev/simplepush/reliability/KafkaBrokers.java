package dev.simplepush.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * A three-node KRaft cluster, each node a combined controller and broker in a JVM of its own
 * ({@code kafka.Kafka server.properties}), with a static three-voter quorum, replication factor 3
 * and {@code min.insync.replicas=2}. Storage is formatted with Kafka's own {@code kafka-storage
 * format} ({@code kafka.tools.StorageTool}) the first time only, so a broker restarted on its log
 * directory keeps its data. Ports are free ones, picked once and kept across restarts because the
 * voters name them.
 */
final class KafkaBrokers implements AutoCloseable {
    static final int COUNT = 3;
    private static final Duration READY = Duration.ofSeconds(120);

    private final Path dir;
    private final Path logDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] brokerPorts = new int[COUNT];
    private final int[] controllerPorts = new int[COUNT];
    private final ChildProcess[] processes = new ChildProcess[COUNT];
    private final int[] starts = new int[COUNT];

    KafkaBrokers(Path dir, Path logDir) {
        this.dir = dir;
        this.logDir = logDir;
        for (int i = 0; i < COUNT; i++) {
            brokerPorts[i] = FreePorts.next();
            controllerPorts[i] = FreePorts.next();
        }
    }

    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : brokerPorts) {
            servers.add("127.0.0.1:" + port);
        }
        return String.join(",", servers);
    }

    /** Formats (first time) and starts all three, and waits until a client sees three brokers. */
    void startAll() {
        for (int i = 0; i < COUNT; i++) {
            start(i);
        }
        awaitBrokers(COUNT);
    }

    /** Starts broker {@code index} (0..2; node id index+1) on its ports and log directory; does not wait. */
    void start(int index) {
        Path nodeDir = dir.resolve("broker-" + (index + 1));
        Path properties = nodeDir.resolve("server.properties");
        try {
            Files.createDirectories(nodeDir);
            Properties props = new Properties();
            props.putAll(serverProperties(index, nodeDir.resolve("data")));
            try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
                props.store(writer, "broker " + (index + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        format(properties);
        processes[index] = ChildProcess.start("broker-" + (index + 1) + "-" + (++starts[index]), logDir, "384m",
                "kafka.Kafka", List.of(properties.toString()));
    }

    /** {@code kill -9} of broker {@code index}. */
    void kill(int index) {
        processes[index].kill();
    }

    /**
     * SIGTERM to all three at once, as an operator stopping the cluster would: stopped one after
     * another, the last would wait for a controller quorum that is already gone. A broker still
     * running after {@code timeout} is killed; returns how many were.
     */
    int terminateAll(Duration timeout) {
        List<java.util.concurrent.CompletableFuture<Boolean>> stops = new ArrayList<>();
        for (ChildProcess process : processes) {
            stops.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    process.terminate(timeout);
                    return false;
                } catch (AssertionError e) {
                    return true;
                }
            }));
        }
        return (int) stops.stream().map(java.util.concurrent.CompletableFuture::join).filter(killed -> killed).count();
    }

    boolean isAlive(int index) {
        return processes[index] != null && processes[index].isAlive();
    }

    /** The node id (1..3) of broker {@code index}. */
    static int nodeId(int index) {
        return index + 1;
    }

    private Map<String, String> serverProperties(int index, Path data) {
        String voters = java.util.stream.IntStream.range(0, COUNT)
                .mapToObj(i -> nodeId(i) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId(index)));
        props.put("controller.quorum.voters", voters);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[index] + ",CONTROLLER://127.0.0.1:"
                + controllerPorts[index]);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[index]);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", data.toString());
        props.put("metadata.log.dir", data.toString());
        // What the issue asks of the cluster; internal topics too.
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("offsets.topic.replication.factor", "3");
        props.put("transaction.state.log.replication.factor", "3");
        props.put("transaction.state.log.min.isr", "2");
        props.put("share.coordinator.state.topic.replication.factor", "3");
        props.put("share.coordinator.state.topic.min.isr", "2");
        // Fewer internal partitions and threads: three brokers share two cores with everything else.
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("group.initial.rebalance.delay.ms", "0");
        // streams-state runs exactly-once: a killed instance's open transaction holds back every
        // read_committed reader until the broker aborts it, so look for timed-out ones every second
        // (the default, 10 s, adds up to that much to a failover). Production brokers should too.
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        props.put("auto.create.topics.enable", "false");
        // Broker failover under exactly-once (docs/reliability.md, "Broker failover"): until the
        // controller fences a dead broker, it stays in the ISR of every partition it replicates,
        // so every acks=all write in the cluster waits, and a streams-state transaction open at the
        // kill cannot finish. Fenced after 9 s by default (plus the controller's own failover when
        // the dead broker was the active controller), that wait outlasts state.transaction.timeout
        // (10 s): the coordinator aborts a live instance's transaction and Streams drops all its
        // tasks and rebalances. Fence within 4 s instead (heartbeats every second).
        props.put("broker.session.timeout.ms", "4000");
        props.put("broker.heartbeat.interval.ms", "1000");
        // Transaction version 2 checks each transactional produce with the coordinator; while the
        // previous transaction's markers are still being written (streams-state commits every
        // 10 ms) the broker retries that check for only 100 ms by default, then answers
        // CONCURRENT_TRANSACTIONS and the producer backs off and re-sends (and its later in-flight
        // batches come back OUT_OF_ORDER_SEQUENCE_NUMBER). Let the broker wait for the markers.
        props.put("add.partitions.to.txn.retry.backoff.max.ms", "2000");
        // Look again every 2 ms, not 20: the first delivery after each commit waits out one retry.
        props.put("add.partitions.to.txn.retry.backoff.ms", "2");
        // Experiments: -Dreliability.set.broker.<key>=<value> overrides any broker setting.
        props.putAll(ReliabilitySettings.overrides("broker"));
        return props;
    }

    private void format(Path properties) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // kafka-storage.sh format -t <id> -c server.properties --ignore-formatted; without
            // --standalone or --initial-controllers the quorum is the static controller.quorum.voters.
            List<String> args = new ArrayList<>(List.of(
                    "format", "-t", clusterId, "-c", properties.toString(), "--ignore-formatted"));
            // Experiments: -Dreliability.features=transaction.version=1,... formats with those
            // feature levels (kafka-storage format --feature); by default the release's own.
            for (String feature : System.getProperty("reliability.features", "").split(",")) {
                if (!feature.isBlank()) {
                    args.add("--feature");
                    args.add(feature.trim());
                }
            }
            code = kafka.tools.StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (code != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + code + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    Admin admin() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }

    /** Waits until a client's describeCluster lists {@code count} brokers. */
    void awaitBrokers(int count) {
        try (Admin admin = admin()) {
            Awaitility.await("Kafka lists " + count + " brokers").atMost(READY).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count);
        }
    }

    /** The cluster's finalized feature levels (e.g. {@code transaction.version}), for the log. */
    Map<String, Short> finalizedFeatures() {
        try (Admin admin = admin()) {
            Map<String, Short> levels = new java.util.TreeMap<>();
            admin.describeFeatures().featureMetadata().get(10, TimeUnit.SECONDS).finalizedFeatures()
                    .forEach((name, range) -> levels.put(name, range.maxVersionLevel()));
            return levels;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Waits until every replica of every topic is in sync again (after a broker came back). */
    void awaitFullyReplicated() {
        try (Admin admin = admin()) {
            Awaitility.await("every partition has all its replicas in sync").atMost(READY)
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> underReplicated(admin).isEmpty());
        }
    }

    private static List<String> underReplicated(Admin admin) throws Exception {
        Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(5, TimeUnit.SECONDS);
        Collection<TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS)
                .values();
        List<String> lagging = new ArrayList<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.isr().size() < partition.replicas().size() || partition.leader() == null) {
                    lagging.add(topic.name() + "-" + partition.partition());
                }
            }
        }
        return lagging;
    }

    /** The broker index (0..2) leading {@code topic} partition {@code partition}. */
    int leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            Node leader = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().get(partition).leader();
            return leader.id() - 1;
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the leader of " + topic + "-" + partition, e);
        }
    }

    @Override
    public void close() {
        for (ChildProcess process : processes) {
            if (process != null && process.isAlive()) {
                process.kill();
            }
        }
    }
}
