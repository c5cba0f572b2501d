package dev.simplepush.testing;

import dev.simplepush.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test class's cluster, kept in the JUnit store of that class, which closes it after the
 * class: the embedded broker is stopped and its directory deleted; on an external cluster the
 * class's prefixed topics are deleted instead.
 */
final class ClusterResource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterResource.class);
    private static final long CLEANUP_TIMEOUT_SECONDS = 30;
    /**
     * Kafka creates its offsets and transaction topics with 50 partitions each on first use; one
     * is plenty for a test and makes the first consumer group or transaction about a second faster.
     */
    private static final Map<String, String> TEST_BROKER_PROPERTIES = Map.of(
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.num.partitions", "1");

    private final KafkaCluster cluster;
    private final EmbeddedKafkaBroker broker;
    private final Path dataDir;

    private ClusterResource(KafkaCluster cluster, EmbeddedKafkaBroker broker, Path dataDir) {
        this.cluster = cluster;
        this.broker = broker;
        this.dataDir = dataDir;
    }

    /** Uses the external cluster named in {@code env}, or starts an embedded broker. */
    static ClusterResource start(Class<?> testClass, Map<String, String> env) {
        String prefix = TopicPrefix.forClass(testClass);
        String external = env.get(KafkaClusterExtension.BOOTSTRAP_SERVERS_ENV);
        if (external != null && !external.isBlank()) {
            LOG.info("{} uses the external Kafka cluster at {} with topic prefix {}", testClass.getSimpleName(),
                    external.trim(), prefix);
            return new ClusterResource(new KafkaCluster(external.trim(), prefix, false), null, null);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the embedded Kafka broker", e);
        }
        try {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dir)
                    .withBrokerPort(0)
                    .withBrokerProperties(TEST_BROKER_PROPERTIES));
            LOG.info("{} uses an embedded Kafka broker at {} (started in {} ms)", testClass.getSimpleName(),
                    broker.bootstrapServers(), broker.startupTime().toMillis());
            return new ClusterResource(new KafkaCluster(broker.bootstrapServers(), prefix, true), broker, dir);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    KafkaCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            deleteRecursively(dataDir);
        } else {
            deletePrefixedTopics();
        }
    }

    private void deletePrefixedTopics() {
        try (Admin admin = cluster.createAdmin()) {
            List<String> ours = admin.listTopics().names().get(CLEANUP_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(cluster.topicPrefix()))
                    .toList();
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(CLEANUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("deleted {} test topics with prefix {}", ours.size(), cluster.topicPrefix());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Leftover topics only cost space: their prefix is unique, so no later test reads them.
            LOG.warn("could not delete test topics with prefix {}: {}", cluster.topicPrefix(), e.toString());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
