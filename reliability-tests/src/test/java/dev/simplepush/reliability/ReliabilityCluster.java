package dev.simplepush.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three brokers and six services, each its own JVM, under {@code target/reliability/}: data in
 * {@code data/}, one log per process start in {@code logs/}. Started once per test run and shared
 * by the scenarios; each scenario first {@link #restore()}s whatever the previous one killed.
 */
final class ReliabilityCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityCluster.class);
    static final Path ROOT = Path.of("target", "reliability").toAbsolutePath();
    private static final Duration STOP = Duration.ofSeconds(60);

    private final KafkaBrokers brokers;
    private final Services services;

    private ReliabilityCluster(KafkaBrokers brokers, Services services) {
        this.brokers = brokers;
        this.services = services;
    }

    static ReliabilityCluster start() {
        Path data = ROOT.resolve("data");
        Path logs = ROOT.resolve("logs");
        deleteRecursively(data);
        deleteRecursively(logs);
        long began = System.nanoTime();
        KafkaBrokers brokers = new KafkaBrokers(data, logs);
        Services services = null;
        try {
            brokers.startAll();
            LOG.info("three brokers ready at {} in {} ms; finalized features {}", brokers.bootstrapServers(),
                    millisSince(began), brokers.finalizedFeatures());
            services = new Services(data, logs, brokers.bootstrapServers());
            services.startAll();
            LOG.info("services ready in {} ms (total)", millisSince(began));
            return new ReliabilityCluster(brokers, services);
        } catch (RuntimeException | Error e) {
            if (services != null) {
                services.close();
            }
            brokers.close();
            throw e;
        }
    }

    KafkaBrokers brokers() {
        return brokers;
    }

    Services services() {
        return services;
    }

    /** Starts whatever is dead and waits until every partition is fully replicated again. */
    void restore() {
        boolean brokerRestarted = false;
        for (int i = 0; i < KafkaBrokers.COUNT; i++) {
            if (!brokers.isAlive(i)) {
                brokers.start(i);
                brokerRestarted = true;
            }
        }
        if (brokerRestarted) {
            brokers.awaitBrokers(KafkaBrokers.COUNT);
        }
        brokers.awaitFullyReplicated();
        services.restartDead();
    }

    /**
     * SIGTERM every service, then the brokers; then start the brokers and services again.
     *
     * @return how many brokers had to be killed because they did not stop within a minute
     */
    int stopAndStartEverything() {
        services.terminateAll(STOP);
        int killed = brokers.terminateAll(STOP);
        brokers.startAll();
        services.startAll();
        return killed;
    }

    @Override
    public void close() {
        services.close();
        brokers.close();
        ChildProcess.killAll();
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
