package dev.simplepush.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the KRaft log directory the first time only, like {@code kafka-storage.sh format}. A
 * directory that already has {@code meta.properties} is left alone, so topics, offsets and state
 * survive a restart (dev mode relies on that).
 */
final class StorageFormat {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);
    static final String META_PROPERTIES = "meta.properties";

    private StorageFormat() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
    }

    /** Formats {@code logDir} with a new cluster id unless it is already formatted. */
    static void formatIfNeeded(Path logDir, int nodeId, String controllerListenerName) {
        if (isFormatted(logDir)) {
            LOG.debug("{} is already formatted; keeping its data", logDir);
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            // The release version defaults to the latest production metadata version, and no
            // initial controllers means a static quorum (controller.quorum.voters): the controller
            // port may change between restarts without touching the stored metadata.
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(controllerListenerName)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the Kafka data directory " + logDir + ": "
                    + e.getMessage(), e);
        }
        LOG.info("formatted new Kafka data directory {} (cluster id {})", logDir, clusterId);
        LOG.debug("formatter output: {}", output.toString(StandardCharsets.UTF_8).trim());
    }
}
