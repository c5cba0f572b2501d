package dev.simplepush.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario run under steady load: fresh devices set up, PUT load started, the fault injected
 * after a quarter of the duration, healed (the killed process restarted) a third later, load
 * stopped at the end; then every device is brought back online and the quiet period lasts until
 * every newest accepted version has been delivered (bounded by {@code reliability.converge}).
 * The invariant is asserted and a {@link ScenarioReport} written.
 */
final class Scenario {
    private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);

    /** What a scenario does to the cluster. */
    interface Fault {
        /** Breaks something; must call {@link Context#faultAt()} at the moment it does. */
        void inject(Context context);

        /** Repairs it (restart what was killed); the load keeps running. */
        void heal(Context context);
    }

    /** What a fault can reach, and what it records. */
    static final class Context {
        final ReliabilityCluster cluster;
        final DeviceFleet fleet;
        final Ledger ledger;
        private long faultNanos;
        private volatile long reconnectMillis = -1;
        private java.util.concurrent.CompletableFuture<Void> reconnecting =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        private java.util.function.Supplier<String> note = () -> "";

        Context(ReliabilityCluster cluster, DeviceFleet fleet, Ledger ledger) {
            this.cluster = cluster;
            this.fleet = fleet;
            this.ledger = ledger;
        }

        /** Marks now as the moment of the fault. */
        void faultAt() {
            faultNanos = System.nanoTime();
        }

        /** Devices online on {@code node} now, by index. */
        Set<LedgerDevice> onNode(int node) {
            return fleet.devices().stream().filter(device -> device.isOnline() && device.node() == node)
                    .collect(Collectors.toSet());
        }

        /**
         * Measures, in the background, how long until each of {@code devices} has had a hello
         * answered since the fault; the load goes on meanwhile.
         */
        void measureReconnect(Set<LedgerDevice> devices, Duration timeout) {
            reconnecting = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Awaitility.await(devices.size() + " displaced devices reconnected").atMost(timeout)
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> devices.stream().allMatch(device -> !device.wantsOnline()
                                    || (device.isOnline() && device.onlineSinceNanos() > faultNanos)));
                    reconnectMillis = ReliabilityCluster.millisSince(faultNanos);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    long missing = devices.stream().filter(device -> !device.isOnline()).count();
                    ledger.finding(missing + " of " + devices.size() + " displaced devices not back within " + timeout);
                }
            });
        }

        /** Waits for a reconnect measurement still running. */
        void awaitMeasurements() {
            reconnecting.join();
        }

        void note(String text) {
            note = () -> text;
        }

        /** A note computed when the report is written, from the ledger as it is then. */
        void note(java.util.function.Supplier<String> text) {
            note = text;
        }

        long faultNanos() {
            return faultNanos;
        }
    }

    private Scenario() {
    }

    /** {@code reliability.runs} runs of a scenario, each with a fresh fault from {@code faults}. */
    static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> runs(String name, ReliabilityCluster cluster,
            java.util.function.Supplier<Fault> faults) {
        ReliabilitySettings settings = ReliabilitySettings.fromSystemProperties();
        return java.util.stream.IntStream.rangeClosed(1, settings.runs()).mapToObj(run ->
                org.junit.jupiter.api.DynamicTest.dynamicTest("run " + run,
                        () -> run(name, cluster, settings, faults.get())));
    }

    static ScenarioReport run(String name, ReliabilityCluster cluster, ReliabilitySettings settings, Fault fault) {
        long began = System.nanoTime();
        cluster.restore();
        LOG.info("{}: cluster restored in {} ms; {}", name, ReliabilityCluster.millisSince(began), settings);
        Ledger ledger = new Ledger();
        List<java.net.URI> nodes = cluster.services().nodeUris();
        try (DeviceFleet fleet = new DeviceFleet(settings.devices(), nodes, ledger,
                index -> settings.webPushDevice(index, nodes.size()))) {
            long setup = System.nanoTime();
            fleet.setUp(settings.channels(), Duration.ofSeconds(120));
            LOG.info("{}: {} devices set up in {} ms", name, settings.devices(), ReliabilityCluster.millisSince(setup));
            Context context = new Context(cluster, fleet, ledger);
            long durationMillis = settings.duration().toMillis();
            PutLoad load = new PutLoad(ledger, cluster.services().gatewayUrls(), settings.rate());
            RuntimeException faultError = null;
            java.util.concurrent.ScheduledExecutorService progress = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor();
            progress.scheduleAtFixedRate(() -> LOG.info("{}: {} PUTs started, {}; {} devices online", name,
                    load.started(), ledger.progress(), fleet.online()), 5, 5, TimeUnit.SECONDS);
            try {
                load.start();
                fleet.startChurn(settings.churn());
                pause(durationMillis / 4);
                LOG.info("{}: injecting the fault", name);
                fault.inject(context);
                LOG.info("{}: fault injected; {} devices online", name, fleet.online());
                pause(durationMillis / 3);
                LOG.info("{}: healing; {} devices online", name, fleet.online());
                fault.heal(context);
                pause(durationMillis - durationMillis / 4 - durationMillis / 3);
            } catch (RuntimeException | AssertionError e) {
                // Still stop the load, let the cluster settle and report what the ledger saw.
                LOG.error("{}: the fault or its repair failed", name, e);
                faultError = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            } finally {
                fleet.stopChurn();
                load.stop();
                load.close();
                progress.shutdownNow();
            }
            LOG.info("{}: load stopped after {} PUTs; {} devices online", name, load.started(), fleet.online());
            long quiet = System.nanoTime();
            try {
                fleet.awaitAllOnline(settings.converge());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                ledger.finding("devices still offline after " + settings.converge() + ": "
                        + (settings.devices() - fleet.online()));
            }
            awaitConverged(ledger, settings.converge().minusMillis(ReliabilityCluster.millisSince(quiet)));
            long convergeMillis = ReliabilityCluster.millisSince(quiet);
            context.awaitMeasurements();
            ScenarioReport report = ScenarioReport.of(name, settings, load, ledger, context.faultNanos,
                    context.reconnectMillis, convergeMillis, context.note.get());
            report.write();
            Timeline.write(name, report.at(), ledger, context.faultNanos);
            LOG.info("{}: {}", name, report);
            assertInvariant(ledger, report);
            if (faultError != null) {
                throw faultError;
            }
            return report;
        }
    }

    static void awaitConverged(Ledger ledger, Duration bound) {
        try {
            Awaitility.await("every newest accepted version delivered")
                    .atMost(bound.isNegative() ? Duration.ofSeconds(1) : bound)
                    .pollInterval(Duration.ofMillis(200))
                    .until(ledger::allDelivered);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // The assertion below lists what is missing.
        }
    }

    static void assertInvariant(Ledger ledger, ScenarioReport report) {
        List<String> undelivered = ledger.undelivered();
        assertThat(undelivered).as("accepted but never delivered (lost); findings: %s", ledger.findings())
                .isEmpty();
        assertThat(ledger.phantoms()).as("versions delivered that no PUT sent").isZero();
        assertThat(ledger.corrupted()).as("Web Push payloads delivered with other bytes than POSTed").isZero();
        assertThat(ledger.unknownChannel()).as("updates for channels no device registered").isZero();
        assertThat(ledger.resets()).as("hellos answered with a new uaid (registrations lost)").isZero();
        assertThat(report.notFound()).as("PUTs answered 404 (registration lost)").isZero();
        assertThat(ledger.acksSent()).as("every update received is acked").isEqualTo(ledger.updatesReceived());
        assertThat(report.accepted()).as("the load got through at all").isPositive();
    }

    /** The load phase: the scenario runs for this long; nothing waits on a condition here. */
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
