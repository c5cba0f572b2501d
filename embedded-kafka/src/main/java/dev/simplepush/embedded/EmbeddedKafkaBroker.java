package dev.simplepush.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running in this JVM, for
 * {@code dev} mode and tests. Clients, and Kafka's own command-line tools, reach it on a plain
 * {@code PLAINTEXT} listener at {@link #bootstrapServers()}.
 *
 * <p>The data directory is formatted on first use only, so topics, committed offsets and Streams
 * changelogs survive a restart on the same directory. Internal topics use replication factor 1,
 * topics are never auto-created, and the first consumer group does not wait for more members.
 *
 * <p>This is the only class of the project that touches Kafka broker internals
 * ({@code kafka.server.KafkaRaftServer}); swapping to an external broker changes nothing else.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Settings.of(dir).withBrokerPort(0))) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Under the data directory: Kafka's log.dirs and metadata log, with meta.properties. */
    static final String LOG_DIR_NAME = "kafka-logs";

    private final Settings settings;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Settings settings, KafkaRaftServer server, int brokerPort, int controllerPort,
            String clusterId, Duration startupTime) {
        this.settings = settings;
        this.server = server;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.bootstrapServers = settings.host() + ":" + brokerPort;
        this.clusterId = clusterId;
        this.startupTime = startupTime;
    }

    /**
     * Formats the data directory if it is new, starts the broker and returns once a client can
     * describe the cluster through the broker listener.
     *
     * @throws BrokerStartException if a port is in use, the directory is unusable or locked by
     *                              another broker, or the broker is not ready within the timeout
     */
    public static EmbeddedKafkaBroker start(Settings settings) {
        long started = System.nanoTime();
        Path logDir = settings.dataDir().resolve(LOG_DIR_NAME);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the Kafka data directory " + logDir + ": " + e, e);
        }
        DirectoryClaims.claim(logDir);
        try {
            return startOn(settings, logDir, started);
        } catch (RuntimeException e) {
            DirectoryClaims.release(logDir);
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startOn(Settings settings, Path logDir, long started) {
        int brokerPort = Ports.reserve(settings.host(), settings.brokerPort(), "broker");
        int controllerPort = Ports.reserve(settings.host(), settings.controllerPort(), "controller");
        if (brokerPort == controllerPort) {
            throw new BrokerStartException("the broker and controller ports must differ, both are " + brokerPort);
        }
        StorageFormat.formatIfNeeded(logDir, BrokerProperties.NODE_ID, BrokerProperties.CONTROLLER_LISTENER);

        Map<String, String> props = BrokerProperties.of(settings.host(), brokerPort, controllerPort, logDir,
                settings.brokerProperties());
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker in " + logDir + ": "
                    + e.getMessage(), e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            stop(server);
            throw new BrokerStartException("the embedded Kafka broker failed to start on " + settings.host() + ":"
                    + brokerPort + " with data in " + logDir + ": " + rootMessage(e), e);
        }
        String bootstrap = settings.host() + ":" + brokerPort;
        String clusterId;
        try {
            clusterId = awaitReady(bootstrap, settings.startTimeout());
        } catch (RuntimeException e) {
            stop(server);
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("embedded Kafka broker ready at {} (controller port {}, cluster {}, data in {}) in {} ms",
                bootstrap, controllerPort, clusterId, logDir, startupTime.toMillis());
        return new EmbeddedKafkaBroker(settings, server, brokerPort, controllerPort, clusterId, startupTime);
    }

    /** {@code host:port} of the PLAINTEXT broker listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** From the call to {@link #start} until the broker answered a client. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Shuts the broker down and waits until it has; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long began = System.nanoTime();
            try {
                stop(server);
            } finally {
                DirectoryClaims.release(settings.dataDir().resolve(LOG_DIR_NAME));
            }
            LOG.info("embedded Kafka broker at {} stopped in {} ms", bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        }
    }

    private static void stop(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("error while stopping the embedded Kafka broker", e);
        }
    }

    /** Waits until the broker lists itself to a client; returns the cluster id. */
    private static String awaitReady(String bootstrap, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000));
        try (Admin admin = Admin.create(config)) {
            // The admin client retries internally until the call's own timeout expires.
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            Collection<Node> nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new BrokerStartException("the embedded Kafka broker at " + bootstrap + " lists no brokers");
            }
            return cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for the embedded Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerStartException("the embedded Kafka broker at " + bootstrap + " was not ready within "
                    + timeout.toMillis() + " ms: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && message.indexOf(root.getMessage()) < 0) {
                message.append(": ").append(root.getMessage());
            }
        }
        return message.toString();
    }

    /**
     * How to start the broker.
     *
     * @param dataDir           where logs and metadata live; formatted on first start only
     * @param host              the address to bind and advertise; clients must reach it by this
     *                          name, so not a wildcard (default {@code 127.0.0.1})
     * @param brokerPort        the PLAINTEXT client listener (default 9092; 0 picks a free port)
     * @param controllerPort    the KRaft controller listener (default 0: a free port)
     * @param brokerProperties  extra Kafka server properties, applied last so they override ours
     * @param startTimeout      how long to wait for the broker to answer clients (default 60 s)
     */
    public record Settings(Path dataDir, String host, int brokerPort, int controllerPort,
            Map<String, String> brokerProperties, Duration startTimeout) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_BROKER_PORT = 9092;
        public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(startTimeout, "startTimeout");
            checkPort(brokerPort, "brokerPort");
            checkPort(controllerPort, "controllerPort");
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException("brokerPort and controllerPort must differ, both are " + brokerPort);
            }
            if (host.isBlank() || isWildcard(host)) {
                throw new IllegalArgumentException("host " + host + " is a wildcard address; the broker advertises"
                        + " it to clients, so give an address they can connect to");
            }
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive");
            }
            brokerProperties = Map.copyOf(brokerProperties);
        }

        /** Defaults: 127.0.0.1, broker port 9092, a free controller port, no extra properties. */
        public static Settings of(Path dataDir) {
            return new Settings(dataDir, DEFAULT_HOST, DEFAULT_BROKER_PORT, 0, Map.of(), DEFAULT_START_TIMEOUT);
        }

        public Settings withHost(String newHost) {
            return new Settings(dataDir, newHost, brokerPort, controllerPort, brokerProperties, startTimeout);
        }

        public Settings withBrokerPort(int port) {
            return new Settings(dataDir, host, port, controllerPort, brokerProperties, startTimeout);
        }

        public Settings withControllerPort(int port) {
            return new Settings(dataDir, host, brokerPort, port, brokerProperties, startTimeout);
        }

        /** These properties added to (and overriding) any given before. */
        public Settings withBrokerProperties(Map<String, String> more) {
            Map<String, String> merged = new HashMap<>(brokerProperties);
            merged.putAll(more);
            return new Settings(dataDir, host, brokerPort, controllerPort, merged, startTimeout);
        }

        public Settings withBrokerProperty(String key, String value) {
            return withBrokerProperties(Map.of(key, value));
        }

        public Settings withStartTimeout(Duration timeout) {
            return new Settings(dataDir, host, brokerPort, controllerPort, brokerProperties, timeout);
        }

        private static void checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
            }
        }

        private static boolean isWildcard(String host) {
            try {
                return InetAddress.getByName(host).isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
