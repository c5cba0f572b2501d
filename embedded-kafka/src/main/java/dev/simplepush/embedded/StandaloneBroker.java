package dev.simplepush.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka node (broker, controller or both) as its own process, configured like the official
 * image ({@link KafkaEnvironment}): formats its log directories with the given cluster id the
 * first time (directories already formatted are kept, as the image's {@code kafka-storage.sh
 * format} step does), then runs until {@link #close()}. Unlike {@link EmbeddedKafkaBroker} it adds
 * nothing of its own to the configuration: what the environment says is what runs.
 */
public final class StandaloneBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneBroker.class);

    private final KafkaRaftServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneBroker(KafkaRaftServer server) {
        this.server = server;
    }

    /**
     * Formats what is not formatted yet and starts the node; returns once it has started (a
     * broker then still catches up with the controllers before it answers clients).
     *
     * @throws BrokerStartException if the configuration is invalid, formatting fails, or the node
     *                              does not start
     */
    public static StandaloneBroker start(KafkaEnvironment environment) {
        KafkaConfig config;
        try {
            config = new KafkaConfig(environment.serverProperties(), false);
        } catch (RuntimeException e) {
            throw new BrokerStartException("invalid Kafka configuration from the KAFKA_* environment: " + e.getMessage(), e);
        }
        format(config, environment.clusterId());
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new BrokerStartException("Kafka node " + config.nodeId() + " failed to start: " + e.getMessage(), e);
        }
        LOG.info("Kafka node {} ({}) started, cluster {}, logs in {}", config.nodeId(),
                environment.serverProperties().getOrDefault("process.roles", ""),
                environment.clusterId(), config.logDirs());
        return new StandaloneBroker(server);
    }

    /** Blocks until the node has shut down (by {@link #close()} or a fatal error of its own). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static void format(KafkaConfig config, String clusterId) {
        Set<String> directories = new LinkedHashSet<>(config.logDirs());
        directories.add(config.metadataLogDir());
        if (directories.stream().allMatch(dir -> StorageFormat.isFormatted(Path.of(dir)))) {
            LOG.info("log directories {} already formatted; keeping their data", directories);
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            for (String dir : directories) {
                Files.createDirectories(Path.of(dir));
            }
            // No initial controllers: a static quorum from controller.quorum.voters, as the image's
            // format step does with the same properties.
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(directories)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the Kafka log directories " + directories + ": "
                    + e.getMessage(), e);
        }
        LOG.info("formatted {} for cluster {}: {}", directories, clusterId,
                output.toString(StandardCharsets.UTF_8).trim().replace('\n', ' '));
    }
}
