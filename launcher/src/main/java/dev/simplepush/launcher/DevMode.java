package dev.simplepush.launcher;

import dev.simplepush.bench.Warmup;
import dev.simplepush.embedded.EmbeddedKafkaBroker;
import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import dev.simplepush.gateway.HttpLimits;
import dev.simplepush.gateway.webpush.WebPushSettings;
import dev.simplepush.launcher.admin.AdminConfig;
import dev.simplepush.launcher.admin.Console;
import dev.simplepush.launcher.admin.Monitoring;
import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.state.StateConfig;
import dev.simplepush.state.StateService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one JVM: an embedded single-node KRaft broker, streams-state, the gateway and
 * one delivery node. All state lives under one data directory, so registrations, pending
 * versions and the endpoint token key survive a restart. One admin server serves the metrics of
 * all three services and their joint health: ready only when every one is, and the browser
 * {@link Console} for trying the service. With {@link Options#warmup()}, a {@link DevWarmup} runs
 * before the services start (not ready meanwhile).
 */
public final class DevMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);
    /** File descriptors dev mode leaves to its broker, streams-state and gateway (node.fd.reserve). */
    static final int DEV_FD_RESERVE = 4096;
    /**
     * The gateway's connection cap in dev mode (gateway.max.connections): inside the node's
     * reserve, where its default (a quarter of the file limit) would not fit beside the node's.
     */
    static final int DEV_GATEWAY_MAX_CONNECTIONS = 1024;

    /**
     * Settings under this prefix go to the embedded broker as Kafka server properties, over dev
     * mode's own (e.g. {@code dev.broker.num.io.threads=2}).
     */
    static final String BROKER_PREFIX = "dev.broker.";

    /** The services dev mode runs, as its health report names them. */
    static final List<String> SERVICES = List.of("state", "gateway", "node");

    /**
     * What dev mode's own flags choose; ports may be 0 to pick free ones.
     *
     * @param adminPort the admin server's port (metrics, health); -1 for none
     * @param warmup    how long to warm the JVM up before the services start ({@link DevWarmup}); zero for not at all
     */
    public record Options(Path dataDir, String host, int wsPort, int httpPort, int kafkaPort, int adminPort,
                          Duration warmup) {
        /** Without a warm-up. */
        public Options(Path dataDir, String host, int wsPort, int httpPort, int kafkaPort, int adminPort) {
            this(dataDir, host, wsPort, httpPort, kafkaPort, adminPort, Duration.ZERO);
        }

        /** With the admin server on a free port, without a warm-up. */
        public Options(Path dataDir, String host, int wsPort, int httpPort, int kafkaPort) {
            this(dataDir, host, wsPort, httpPort, kafkaPort, 0);
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrapServers;
    private int wsPort;
    private int httpPort;
    private Monitoring monitoring;
    private String consoleUrl;
    private String deviceUrl;
    private String endpointBase;
    private Optional<Warmup.Result> warmup = Optional.empty();

    private DevMode() {
    }

    /** Starts everything, or stops whatever had started and rethrows. */
    public static DevMode start(Options options, ConfigSource settings) {
        DevMode dev = new DevMode();
        try {
            dev.startAll(options, settings);
            return dev;
        } catch (RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    private void startAll(Options options, ConfigSource settings) {
        // First, so probes see "starting" while the broker and the services come up; closed last.
        monitoring = Monitoring.start(AdminConfig.from(withDefaults(settings, Map.of(
                AdminConfig.HOST_KEY, options.host(),
                AdminConfig.PORT_KEY, Integer.toString(options.adminPort())))), SERVICES);
        started.push(monitoring);
        Path dataDir = options.dataDir().toAbsolutePath();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dataDir.resolve("kafka"))
                .withHost(options.host())
                .withBrokerPort(options.kafkaPort())
                .withBrokerProperties(settings.withPrefix(BROKER_PREFIX)));
        started.push(broker);
        bootstrapServers = broker.bootstrapServers();

        Map<String, String> dev = new HashMap<>();
        dev.put(KafkaSettings.BOOTSTRAP_KEY, bootstrapServers);
        dev.put("topics.replication.factor", "1");
        dev.put("topics.min.insync.replicas", "1");
        // One streams-state instance with one stream thread: every extra partition is one more
        // task in its loop and one more partition per transaction (docs/performance.md).
        dev.put("topics.uaid.partitions", "2");
        dev.put("state.dir", dataDir.resolve("streams").toString());
        // One instance, always the same: static membership lets it take its tasks back at once
        // after a crash instead of waiting out the dead session.
        dev.put("state.group.instance.id", "simplepush-dev");
        dev.put("gateway.listen.host", options.host());
        dev.put("gateway.listen.port", Integer.toString(options.httpPort()));
        dev.put("node.listen.host", options.host());
        dev.put("node.listen.port", Integer.toString(options.wsPort()));
        // The broker's log segments, streams-state's RocksDB files and the gateway's sockets share
        // this process's open-file limit with the node: its default connection limit leaves them
        // room, so a socket flood is refused at the node instead of halting the broker.
        dev.put(NodeConfig.FD_RESERVE, Integer.toString(DEV_FD_RESERVE));
        // The gateway's sockets come out of that reserve too (about 460 files are in use when idle),
        // so a flood of both ports together still leaves the broker its files.
        dev.put(HttpLimits.MAX_CONNECTIONS, Integer.toString(DEV_GATEWAY_MAX_CONNECTIONS));
        // The console page PUTs to endpoints from the admin server's origin. Endpoints are
        // capability URLs and the gateway never reads cookies, so "*" lets a page do only what
        // curl with the same URL already can.
        dev.put("gateway.cors", "true");
        if (settings.raw(EndpointTokens.KEYS_SETTING) == null) {
            dev.put(EndpointTokens.KEYS_SETTING, devTokenKey(dataDir));
        }
        // Dev defaults sit under anything the user set, except the broker, which is ours.
        ConfigSource ours = withDefaults(settings, dev).with(Map.of(KafkaSettings.BOOTSTRAP_KEY, bootstrapServers));
        JitMode.coldStartWarning(options.warmup(), JitMode.tiered()).ifPresent(LOG::warn);
        if (!options.warmup().isZero()) {
            warmup = DevWarmup.run(ours, dataDir, options.warmup());
        }
        // After the warm-up: a free port picked before it could be taken by one of its sockets.
        ConfigSource config = withEndpointBase(ours, options.host());
        StateService state = StateService.start(StateConfig.from(config), monitoring.registry());
        started.push(state);
        monitoring.watch("state", state::health);
        GatewayService gateway = GatewayService.start(GatewayConfig.from(config), monitoring.registry());
        started.push(gateway);
        monitoring.watch("gateway", gateway::health);
        httpPort = gateway.port();
        NodeService node = NodeService.start(NodeConfig.from(config), monitoring.registry());
        started.push(node);
        monitoring.watch("node", node::health);
        wsPort = node.port();
        consoleUrl = monitoring.serveConsole(new Console(options.host(), wsPort, httpPort));
        deviceUrl = (node.config().tls().enabled() ? "wss" : "ws") + "://" + options.host() + ":" + wsPort + "/";
        endpointBase = node.config().endpointBase();
    }

    /**
     * One endpoint base for the node and the gateway: the node starts every endpoint with it, and
     * the gateway accepts only its origin as a VAPID {@code aud} and starts a Web Push 201's
     * {@code Location} with it (webpush.md W4.4, W5.2). One set by the user is given to both;
     * otherwise it is the gateway's own URL, so a gateway port of 0 is resolved to a free port
     * here, before either service starts.
     */
    private static ConfigSource withEndpointBase(ConfigSource config, String host) {
        String nodeBase = config.raw("node.endpoint.base");
        String gatewayBase = config.raw(WebPushSettings.ENDPOINT_BASE);
        if (nodeBase != null || gatewayBase != null) {
            String base = nodeBase != null ? nodeBase : gatewayBase;
            return config.with(Map.of("node.endpoint.base", nodeBase != null ? nodeBase : base,
                    WebPushSettings.ENDPOINT_BASE, gatewayBase != null ? gatewayBase : base));
        }
        GatewayConfig gateway = GatewayConfig.from(config);
        int port = gateway.listenPort() != 0 ? gateway.listenPort() : freePort(gateway.listenHost());
        String base = (gateway.tls().enabled() ? "https" : "http") + "://" + literal(host) + ":" + port;
        return config.with(Map.of(GatewayConfig.LISTEN_PORT, Integer.toString(port),
                "node.endpoint.base", base, WebPushSettings.ENDPOINT_BASE, base));
    }

    /** {@code host} as it goes in a URL: an IPv6 literal in brackets. */
    static String literal(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A port free on host now (the gateway binds it moments later). */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host + " for the gateway", e);
        }
    }

    /** {@code defaults} apply only to keys that no flag, env var or file sets. */
    private static ConfigSource withDefaults(ConfigSource settings, Map<String, String> defaults) {
        Map<String, String> unset = new HashMap<>();
        defaults.forEach((key, value) -> {
            if (settings.raw(key) == null) {
                unset.put(key, value);
            }
        });
        return settings.with(unset);
    }

    /** The key endpoints are sealed with, kept in the data directory so endpoints outlive restarts. */
    private static String devTokenKey(Path dataDir) {
        Path file = dataDir.resolve("endpoint-token.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(dataDir);
            String key = EndpointTokens.generateKey();
            Files.writeString(file, key, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("cannot restrict permissions of {}", file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the dev token key " + file, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int wsPort() {
        return wsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where devices connect, e.g. {@code ws://127.0.0.1:8080/} ({@code wss://} with node TLS). */
    public String deviceUrl() {
        return deviceUrl;
    }

    /** What endpoint URLs start with, e.g. {@code http://127.0.0.1:8081} ({@code https://} with gateway TLS). */
    public String endpointBase() {
        return endpointBase;
    }

    /** The admin server's port (metrics, health), or -1 when it is off. */
    public int adminPort() {
        return monitoring.port();
    }

    /** The admin server's base URL, e.g. {@code http://127.0.0.1:8090/}, or null when it is off. */
    public String adminUrl() {
        return monitoring.url();
    }

    /** The browser console's URL, e.g. {@code http://127.0.0.1:8090/console/}, or null when the admin server is off. */
    public String consoleUrl() {
        return consoleUrl;
    }

    /** What the warm-up's devices did; empty without one, or if it failed. */
    public Optional<Warmup.Result> warmup() {
        return warmup;
    }

    /** What every service of dev mode reports, by name. */
    public Map<String, Health> health() {
        return monitoring.health();
    }

    /** Stops in reverse order of start: node, gateway, state, broker, admin server. Idempotent. */
    @Override
    public synchronized void close() {
        closeAll(started, "");
    }

    /** Closes and removes each of {@code services}, newest first; a failure is logged and the rest still closed. */
    static void closeAll(Deque<AutoCloseable> services, String whose) {
        while (!services.isEmpty()) {
            AutoCloseable service = services.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}{}", whose, service.getClass().getSimpleName(), e);
            }
        }
    }
}
