package dev.simplepush.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped compose file, run for real on podman (see {@link ComposeCluster}): devices on both
 * nodes through the published ports, PUTs through the gateway, and the ledger's invariant (every
 * newest accepted version delivered, nothing invented) across a {@code docker-compose kill} of the
 * broker leading {@code notifications-0} and then of the streams-state container, each started
 * again. Needs podman, docker-compose and the image tar ({@code -Pimages}); without them it is
 * skipped, saying which is missing, unless {@code SIMPLEPUSH_REQUIRE_CONTAINERS=1} (CI) makes
 * that a failure. Where Debian's {@code prometheus} is installed, the monitoring profile's
 * Prometheus runs too (an image built from it, {@code compose/podman/prometheus-image.sh}) and must
 * scrape every service. Not in the default {@code verify}: {@code -Pcompose-cluster} runs it (.ci/run),
 * bounded at 6 minutes from start to teardown ({@code -Dcompose.timeout}, a JUnit default timeout).
 */
class ComposeClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeClusterIT.class);
    private static final String SCENARIO = "container: compose on podman, kill a broker, then streams-state";
    /** 20 devices x 2 channels, 10 PUT/s, churn 1/s; the load runs as long as the faults take. */
    private static final ReliabilitySettings SETTINGS = new ReliabilitySettings(Duration.ZERO, 20, 2, 10, 1,
            Duration.ofSeconds(60), 1);
    /** A broker is fenced 4 s after it dies (KAFKA_BROKER_SESSION_TIMEOUT_MS); PUTs then succeed again. */
    private static final Duration FAILOVER = Duration.ofSeconds(10);

    @Test
    void theComposeClusterLosesNoAcceptedUpdateWhenABrokerAndThenStreamsStateAreKilled() {
        Path imageTar = requireContainers();
        try (ComposeCluster cluster = ComposeCluster.start(imageTar, Duration.ofMinutes(4))) {
            awaitHelloAnsweredOnEveryNode(cluster, Duration.ofSeconds(120));
            boolean prometheus = cluster.startPrometheus();
            Ledger ledger = new Ledger();
            try (DeviceFleet fleet = new DeviceFleet(SETTINGS.devices(), cluster.nodeUris(), ledger)) {
                fleet.setUp(SETTINGS.channels(), Duration.ofSeconds(120));
                assertThat(fleet.onNode(0)).as("devices on node-0").isPositive();
                assertThat(fleet.onNode(1)).as("devices on node-1").isPositive();
                PutLoad load = new PutLoad(ledger, cluster.gatewayUrls(), SETTINGS.rate());
                long brokerKilled;
                long brokerRestarted;
                long stateKilled;
                long stateBack;
                String victim;
                try {
                    load.start();
                    fleet.startChurn(SETTINGS.churn());
                    pause(Duration.ofSeconds(10));
                    victim = leaderOfNotifications(cluster);
                    brokerKilled = System.nanoTime();
                    cluster.kill(victim);
                    LOG.info("killed {}; {}", victim, ledger.progress());
                    pause(FAILOVER.plusSeconds(10));
                    brokerRestarted = System.nanoTime();
                    cluster.start(victim);
                    cluster.awaitHealthy(Duration.ofSeconds(90), List.of(victim));
                    LOG.info("{} healthy again; {}", victim, ledger.progress());
                    stateKilled = System.nanoTime();
                    cluster.kill("state");
                    pause(Duration.ofSeconds(5));
                    cluster.start("state");
                    cluster.awaitHealthy(Duration.ofSeconds(120), List.of("state"));
                    stateBack = System.nanoTime();
                    LOG.info("state healthy again; {}", ledger.progress());
                    pause(Duration.ofSeconds(10));
                } finally {
                    fleet.stopChurn();
                    load.stop();
                    load.close();
                }
                Duration loaded = Duration.ofSeconds(Math.round(load.started() / load.achievedRate()));
                long quiet = System.nanoTime();
                fleet.awaitAllOnline(SETTINGS.converge());
                Scenario.awaitConverged(ledger, SETTINGS.converge().minusMillis(ReliabilityCluster.millisSince(quiet)));
                ScenarioReport report = ScenarioReport.of(SCENARIO, new ReliabilitySettings(loaded, SETTINGS.devices(),
                        SETTINGS.channels(), SETTINGS.rate(), SETTINGS.churn(), SETTINGS.converge(), 1), load, ledger,
                        brokerKilled, -1,
                        ReliabilityCluster.millisSince(quiet), "killed " + victim + " (leader of notifications-0) "
                        + "for " + (brokerRestarted - brokerKilled) / 1_000_000_000 + " s, then state for "
                        + (stateBack - stateKilled) / 1_000_000_000 + " s until healthy again");
                report.write();
                LOG.info("{}", report);

                Scenario.assertInvariant(ledger, report);
                assertThat(acceptedStartedBetween(ledger, brokerKilled + FAILOVER.toNanos(), brokerRestarted))
                        .as("PUTs accepted while %s was dead, once it was fenced", victim).isPositive();
                assertThat(acceptedStartedBetween(ledger, stateBack, Long.MAX_VALUE))
                        .as("PUTs accepted after streams-state came back").isPositive();
                if (prometheus) {
                    awaitEveryServiceScraped(cluster.prometheusUrl(), Duration.ofSeconds(60));
                } else {
                    LOG.warn("no prometheus binary here (apt-get install prometheus): scrapes not checked");
                }
            }
        }
    }

    /**
     * Healthy is not yet fast: on a loaded 2-core machine the first hellos after the start can
     * outlast node.request.timeout while streams-state warms up, and are answered 503 (a device
     * would say hello again). The fleet's setup takes any 503 as a failure, so it starts once one
     * device on each node has been set up.
     */
    private static void awaitHelloAnsweredOnEveryNode(ComposeCluster cluster, Duration timeout) {
        long began = System.nanoTime();
        Awaitility.await("a hello answered 200 on each node").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    try (DeviceFleet warmUp = new DeviceFleet(cluster.nodeUris().size(), cluster.nodeUris(), new Ledger())) {
                        warmUp.setUp(1, Duration.ofSeconds(30));
                        return true;
                    }
                });
        LOG.info("a device set up on each node after {} ms", ReliabilityCluster.millisSince(began));
    }

    /** Prometheus, in the compose network, has {@code up == 1} for every SimplePush service. */
    private static void awaitEveryServiceScraped(URI prometheus, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> wanted = Set.of("gateway:8090", "state:8090", "node-0:8090", "node-1:8090");
        Set<String> up = new TreeSet<>();
        try {
            Awaitility.await("Prometheus scraping " + wanted).atMost(timeout).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions()
                    .until(() -> {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                prometheus.resolve("/api/v1/query?query=up")).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        up.clear();
                        for (JsonNode series : Json.MAPPER.readTree(response.body()).path("data").path("result")) {
                            if ("1".equals(series.path("value").path(1).asText())) {
                                up.add(series.path("metric").path("instance").asText());
                            }
                        }
                        return up.containsAll(wanted);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Prometheus has up == 1 only for " + up + ", wanted " + wanted, e);
        }
        LOG.info("Prometheus scrapes {} (up == 1)", up);
    }

    private static long acceptedStartedBetween(Ledger ledger, long fromNanos, long toNanos) {
        return ledger.puts().stream().filter(Ledger.Put::accepted)
                .filter(put -> put.startNanos() >= fromNanos && put.startNanos() < toNanos).count();
    }

    /** The compose service of the broker leading partition 0 of notifications, asked through the published listeners. */
    private static String leaderOfNotifications(ComposeCluster cluster) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            String topic = Topics.DEFAULT.notifications().name();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return "kafka-" + description.partitions().get(0).leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the leader of notifications-0", e);
        }
    }

    /**
     * The image tar, once podman and docker-compose are known to work here; otherwise a skip (or,
     * with SIMPLEPUSH_REQUIRE_CONTAINERS=1, a failure) naming what is missing.
     */
    private static Path requireContainers() {
        List<String> missing = new ArrayList<>();
        Path tar = Path.of(System.getenv().getOrDefault("SIMPLEPUSH_IMAGE_TAR",
                ComposeCluster.REPO.resolve("launcher/target/jib-image.tar").toString()));
        if (!Files.isRegularFile(tar)) {
            missing.add("the image tar " + tar + " (./mvnw -B -Pimages -pl launcher -am package -DskipUTs -DskipITs)");
        }
        if (!succeeds(List.of("docker-compose", "version"))) {
            missing.add("docker-compose (apt-get install docker-compose)");
        }
        if (!succeeds(List.of("podman", "info"))) {
            missing.add("a working podman (apt-get install podman runc netavark aardvark-dns iptables; root)");
        }
        if (!missing.isEmpty()) {
            String reason = "the compose cluster cannot run here: missing " + String.join(", ", missing);
            if ("1".equals(System.getenv("SIMPLEPUSH_REQUIRE_CONTAINERS"))) {
                Assertions.fail(reason + " (SIMPLEPUSH_REQUIRE_CONTAINERS=1)");
            }
            Assumptions.abort(reason);
        }
        return tar;
    }

    private static boolean succeeds(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("CONTAINERS_CONF",
                    ComposeCluster.REPO.resolve("compose/podman/containers.conf").toString());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The load phase: the scenario runs for this long; nothing waits on a condition here. */
    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
