package dev.simplepush.reliability;

import dev.simplepush.schemas.token.EndpointTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services, each in a JVM of its own started through the launcher ({@code simplepush state|
 * gateway|node}): two streams-state instances with one standby replica, two gateways and two
 * delivery nodes. Every listener is on a free port picked once, so a restarted process comes back
 * where devices and app servers look for it.
 */
final class Services implements AutoCloseable {
    static final int STATES = 2;
    static final int GATEWAYS = 2;
    static final int NODES = 2;
    static final String TOPIC_PREFIX = "rel-";
    static final String HEAP = "256m";
    private static final Duration READY = Duration.ofSeconds(180);
    private static final String MAIN = "dev.simplepush.launcher.Main";

    /** A kind of service and how to start instance {@code i} of it. */
    enum Kind {
        STATE("state"), GATEWAY("gateway"), NODE("node");

        final String command;

        Kind(String command) {
            this.command = command;
        }
    }

    private final Path dir;
    private final Path logDir;
    private final String bootstrap;
    private final String tokenKey = EndpointTokens.generateKey();
    private final int[] gatewayPorts = new int[GATEWAYS];
    private final int[] nodePorts = new int[NODES];
    private final Map<String, ChildProcess> running = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();

    Services(Path dir, Path logDir, String bootstrap) {
        this.dir = dir;
        this.logDir = logDir;
        this.bootstrap = bootstrap;
        for (int i = 0; i < GATEWAYS; i++) {
            gatewayPorts[i] = FreePorts.next();
        }
        for (int i = 0; i < NODES; i++) {
            nodePorts[i] = FreePorts.next();
        }
    }

    /** Starts every service at once and waits for each ready line. */
    void startAll() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < STATES; i++) {
            keys.add(launch(Kind.STATE, i));
        }
        for (int i = 0; i < GATEWAYS; i++) {
            keys.add(launch(Kind.GATEWAY, i));
        }
        for (int i = 0; i < NODES; i++) {
            keys.add(launch(Kind.NODE, i));
        }
        keys.forEach(this::awaitReady);
    }

    /** Starts instance {@code index} of {@code kind} and waits until it serves. */
    void start(Kind kind, int index) {
        awaitReady(launch(kind, index));
    }

    /** {@code kill -9}. */
    void kill(Kind kind, int index) {
        process(kind, index).kill();
    }

    /** SIGTERM every service (nodes first, so devices are told to go, then gateways, then state). */
    void terminateAll(Duration timeout) {
        List<ChildProcess> order = new ArrayList<>();
        for (Kind kind : List.of(Kind.NODE, Kind.GATEWAY, Kind.STATE)) {
            running.forEach((key, process) -> {
                if (key.startsWith(kind.command + "-") && process.isAlive()) {
                    order.add(process);
                }
            });
        }
        for (ChildProcess process : order) {
            process.terminate(timeout);
        }
    }

    boolean isAlive(Kind kind, int index) {
        ChildProcess process = running.get(key(kind, index));
        return process != null && process.isAlive();
    }

    /** Restarts whatever is not running, e.g. after a scenario killed it. */
    void restartDead() {
        for (Kind kind : Kind.values()) {
            int count = kind == Kind.STATE ? STATES : kind == Kind.GATEWAY ? GATEWAYS : NODES;
            for (int i = 0; i < count; i++) {
                if (!isAlive(kind, i)) {
                    start(kind, i);
                }
            }
        }
    }

    ChildProcess process(Kind kind, int index) {
        return running.get(key(kind, index));
    }

    List<URI> nodeUris() {
        List<URI> uris = new ArrayList<>();
        for (int port : nodePorts) {
            uris.add(URI.create("ws://127.0.0.1:" + port + "/"));
        }
        return uris;
    }

    List<String> gatewayUrls() {
        List<String> urls = new ArrayList<>();
        for (int port : gatewayPorts) {
            urls.add("http://127.0.0.1:" + port);
        }
        return urls;
    }

    private String launch(Kind kind, int index) {
        String key = key(kind, index);
        int start = starts.merge(key, 1, Integer::sum);
        List<String> args = new ArrayList<>(List.of(kind.command, "--bootstrap-servers", bootstrap));
        settings(kind, index).forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        running.put(key, ChildProcess.start(key + "-" + start, logDir, HEAP, MAIN, args));
        return key;
    }

    private void awaitReady(String key) {
        running.get(key).awaitLine("simplepush \\S+ .*ready", READY);
    }

    private Map<String, String> settings(Kind kind, int index) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(EndpointTokens.KEYS_SETTING, tokenKey);
        settings.put("topics.prefix", TOPIC_PREFIX);
        settings.put("topics.uaid.partitions", "8");
        settings.put("topics.max.nodes", "4");
        settings.put("topics.max.gateways", "4");
        settings.put("topics.replication.factor", "3");
        settings.put("topics.min.insync.replicas", "2");
        settings.put("admin.listen.port", "0");
        switch (kind) {
            case STATE -> {
                settings.put("state.dir", dir.resolve("state-" + index).toString());
                settings.put("state.num.standby.replicas", "1");
                // The group notices a killed instance after this long (Kafka's default is 45 s).
                settings.put("kafka.client.session.timeout.ms", "10000");
                settings.put("kafka.client.heartbeat.interval.ms", "2000");
                // Every transaction writes a commit marker to each partition it touched, replicated
                // to 3 brokers; at the default 10 ms (100 transactions per second per instance) the
                // three brokers on these two shared cores have no headroom left, and the run
                // measures the host's backlog rather than the failover (docs/reliability.md,
                // "Broker failover").
                settings.put("state.commit.interval", "100ms");
            }
            case GATEWAY -> {
                settings.put("gateway.id", Integer.toString(index));
                settings.put("gateway.listen.host", "127.0.0.1");
                settings.put("gateway.listen.port", Integer.toString(gatewayPorts[index]));
            }
            case NODE -> {
                settings.put("node.id", Integer.toString(index));
                settings.put("node.listen.host", "127.0.0.1");
                settings.put("node.listen.port", Integer.toString(nodePorts[index]));
                settings.put("node.endpoint.base", gatewayUrls().get(0));
                // Two cores shared by nine JVMs and the load: a hello may take longer than the
                // default 10 s to be answered, and a 503 only makes the device say it again.
                settings.put("node.request.timeout", "30s");
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        // Experiments: -Dreliability.set.<state|gateway|node>.<key>=<value> overrides any setting.
        settings.putAll(ReliabilitySettings.overrides(kind.command));
        return settings;
    }

    /**
     * The Kafka Streams process id of streams-state instance {@code index}: kept in its state
     * directory, so the same across restarts, and part of every stream thread's name in its logs.
     */
    String streamsProcessId(int index) {
        java.util.regex.Pattern threadName = java.util.regex.Pattern.compile(
                "simplepush-state-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-StreamThread");
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(logDir)) {
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith(key(Kind.STATE, index) + "-"))
                    .toList()) {
                java.util.regex.Matcher matcher = threadName.matcher(java.nio.file.Files.readString(log));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no stream thread named in the logs of state-" + index);
    }

    private static String key(Kind kind, int index) {
        return kind.command + "-" + index;
    }

    @Override
    public void close() {
        running.values().forEach(process -> {
            if (process.isAlive()) {
                process.kill();
            }
        });
    }
}
