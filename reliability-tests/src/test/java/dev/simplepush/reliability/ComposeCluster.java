package dev.simplepush.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped {@code compose/docker-compose.yml}, started for real: podman's Docker API service and
 * healthcheck driver by the shipped {@code compose/podman/podman-service.sh}, our image loaded from
 * its Jib tar and used for every container (brokers too: {@code KAFKA_IMAGE}), every published
 * port a free one on 127.0.0.1, driven by the {@code docker-compose} CLI. {@link #close()} (also
 * run by a shutdown hook) saves the logs, runs {@code down -v} and stops what the script started.
 */
final class ComposeCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeCluster.class);
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path ROOT = Path.of("target", "compose").toAbsolutePath();
    static final String PROJECT = "simplepush-it";
    static final String IMAGE = "simplepush:0.1.0-SNAPSHOT";
    static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    static final List<String> SERVICES = List.of("kafka-1", "kafka-2", "kafka-3", "state", "gateway", "node-0", "node-1");
    /** HOST_PORT_* variables of the compose file; each gets a free port. */
    private static final List<String> PORTS = List.of("KAFKA_1", "KAFKA_2", "KAFKA_3", "GATEWAY", "GATEWAY_ADMIN",
            "STATE_ADMIN", "NODE_0", "NODE_0_ADMIN", "NODE_1", "NODE_1_ADMIN", "PROMETHEUS");
    /** Built from Debian's prometheus binary by compose/podman/prometheus-image.sh: nothing to pull. */
    static final String PROMETHEUS_IMAGE = "localhost/simplepush-prometheus:debian";

    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new TreeMap<>();
    private final Thread hook = new Thread(this::close, "compose-cluster-down");
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean serviceStarted;

    private ComposeCluster() {
    }

    /** Starts everything and returns once every service is healthy; cleans up if that fails. */
    static ComposeCluster start(Path imageTar, Duration healthy) {
        ComposeCluster cluster = new ComposeCluster();
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.up(imageTar, healthy);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void up(Path imageTar, Duration healthy) {
        long began = System.nanoTime();
        Path podman = ROOT.resolve("podman");
        String exports = run(Duration.ofSeconds(60), List.of(REPO.resolve("compose/podman/podman-service.sh").toString(),
                "start", podman.toString()));
        serviceStarted = true;
        for (String line : exports.split("\n")) {
            if (line.startsWith("export ") && line.contains("=")) {
                String assignment = line.substring("export ".length());
                env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            }
        }
        env.put("KAFKA_IMAGE", IMAGE);
        env.put("SIMPLEPUSH_IMAGE", IMAGE);
        env.put("SIMPLEPUSH_TOKEN_KEYS", "c2ltcGxlcHVzaC1jb21wb3NlLWl0LWtleS0zMmJ5dGU");
        env.put("HOST_ADDRESS", "127.0.0.1");
        for (String port : PORTS) {
            ports.put(port, FreePorts.next());
            env.put("HOST_PORT_" + port, Integer.toString(ports.get(port)));
        }
        env.put("SIMPLEPUSH_ENDPOINT_BASE", "http://127.0.0.1:" + ports.get("GATEWAY"));
        // As in the reliability harness: seven JVMs and the load on two shared cores may take
        // longer than the default 10 s to answer a hello, and a 503 fails the fleet's setup.
        env.put("SIMPLEPUSH_NODE_REQUEST_TIMEOUT", "30s");
        // A run that died before its cleanup left its containers and volumes: start from nothing.
        compose(Duration.ofSeconds(120), "down", "-v", "--remove-orphans", "--timeout", "5");
        run(Duration.ofSeconds(180), List.of("podman", "load", "-q", "-i", imageTar.toString()));
        LOG.info("podman service up, image loaded in {} ms; ports {}", ReliabilityCluster.millisSince(began), ports);
        compose(healthy, "up", "-d");
        awaitHealthy(healthy.minusMillis(ReliabilityCluster.millisSince(began)), SERVICES);
        LOG.info("compose cluster healthy in {} ms", ReliabilityCluster.millisSince(began));
    }

    List<URI> nodeUris() {
        return List.of(URI.create("ws://127.0.0.1:" + ports.get("NODE_0") + "/"),
                URI.create("ws://127.0.0.1:" + ports.get("NODE_1") + "/"));
    }

    List<String> gatewayUrls() {
        return List.of("http://127.0.0.1:" + ports.get("GATEWAY"));
    }

    /** The brokers' EXTERNAL listeners, published on the host. */
    String bootstrapServers() {
        return "127.0.0.1:" + ports.get("KAFKA_1") + ",127.0.0.1:" + ports.get("KAFKA_2") + ",127.0.0.1:"
                + ports.get("KAFKA_3");
    }

    /**
     * Starts the monitoring profile's Prometheus alone (Grafana's image cannot be had without a
     * pull) on an image built from this machine's {@code prometheus}; false, starting nothing,
     * where there is none.
     */
    boolean startPrometheus() {
        try {
            run(Duration.ofSeconds(30), List.of("sh", "-c", "command -v prometheus"));
        } catch (RuntimeException e) {
            return false;
        }
        run(Duration.ofSeconds(180), List.of(REPO.resolve("compose/podman/prometheus-image.sh").toString(),
                PROMETHEUS_IMAGE));
        env.put("PROMETHEUS_IMAGE", PROMETHEUS_IMAGE);
        compose(Duration.ofSeconds(120), "up", "-d", "prometheus");
        return true;
    }

    URI prometheusUrl() {
        return URI.create("http://127.0.0.1:" + ports.get("PROMETHEUS"));
    }

    /** {@code docker-compose kill}: SIGKILL to the service's container. */
    void kill(String service) {
        compose(Duration.ofSeconds(60), "kill", service);
    }

    /** {@code docker-compose start}: the killed container again, with its volume. */
    void start(String service) {
        compose(Duration.ofSeconds(120), "start", service);
    }

    /** Waits until each of {@code services} reports healthy (the driver runs its healthcheck). */
    void awaitHealthy(Duration timeout, List<String> services) {
        Awaitility.await(services + " healthy").atMost(timeout.isNegative() ? Duration.ofSeconds(1) : timeout)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    Map<String, String> status = status();
                    return services.stream().allMatch(service -> status.getOrDefault(service, "").endsWith("(healthy)"));
                });
    }

    /** Each running service's {@code podman ps} status, e.g. "Up 2 minutes ago (healthy)". */
    Map<String, String> status() {
        String out = run(Duration.ofSeconds(30), List.of("podman", "ps", "--filter",
                "label=com.docker.compose.project=" + PROJECT, "--format",
                "{{index .Labels \"com.docker.compose.service\"}}\t{{.Status}}"));
        Map<String, String> status = new TreeMap<>();
        for (String line : out.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                status.put(line.substring(0, tab), line.substring(tab + 1).trim());
            }
        }
        return status;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // A test that timed out was interrupted; the cleanup's commands must still run to the end.
        boolean interrupted = Thread.interrupted();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called by the hook itself.
        }
        if (serviceStarted) {
            try {
                Files.writeString(ROOT.resolve("compose.log"), compose(Duration.ofSeconds(60), "logs", "--no-color",
                        "--timestamps"), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not save the containers' logs: {}", e.toString());
            }
            try {
                compose(Duration.ofSeconds(120), "--profile", "monitoring", "down", "-v", "--remove-orphans",
                        "--timeout", "5");
            } catch (RuntimeException e) {
                LOG.warn("docker-compose down failed; removing the project's containers with podman: {}", e.toString());
                runQuietly(List.of("podman", "rm", "-f", "-v", "--filter", "label=com.docker.compose.project=" + PROJECT));
            }
        }
        runQuietly(List.of(REPO.resolve("compose/podman/podman-service.sh").toString(), "stop",
                ROOT.resolve("podman").toString()));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", PROJECT, "-f",
                REPO.resolve("compose/docker-compose.yml").toString()));
        command.addAll(Arrays.asList(args));
        return run(timeout, command);
    }

    private void runQuietly(List<String> command) {
        try {
            run(Duration.ofSeconds(60), command);
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", command, e.toString());
        }
    }

    /** Runs {@code command} with the cluster's environment; its output, or an exception saying why not. */
    private String run(Duration timeout, List<String> command) {
        try {
            Files.createDirectories(ROOT);
            Path output = Files.createTempFile(ROOT, "command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not end within " + timeout + ": " + tail(output));
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(command + " interrupted", e);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        return tail(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String tail(String text) {
        return text.length() <= 2_000 ? text : "..." + text.substring(text.length() - 2_000);
    }
}
