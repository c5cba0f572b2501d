package dev.simplepush.state.poison;

import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the configured {@link WriteLimit} to what the cluster takes: the smallest
 * {@code max.message.bytes} of the topics streams-state writes (a topic created without one shows
 * the broker's default, which the changelogs Streams creates will get too) and the producer's
 * {@code max.request.size}. A topic whose limit an operator lowers later is only seen at the next
 * start.
 */
public final class TopicWriteLimits {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWriteLimits.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private TopicWriteLimits() {
    }

    /**
     * @param topics the topics written (outputs and changelogs); those that do not exist yet are
     *               skipped
     */
    public static WriteLimit fit(Admin admin, WriteLimit configured, Collection<String> topics,
            Properties streamsProperties) {
        WriteLimit limit = configured.fitting(maxRequestSize(streamsProperties));
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<ConfigResource> resources = topics.stream().filter(existing::contains)
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            if (!resources.isEmpty()) {
                for (var entry : admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .entrySet()) {
                    ConfigEntry max = entry.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    if (max != null && max.value() != null) {
                        WriteLimit fitted = limit.fitting(Integer.parseInt(max.value()));
                        if (fitted.maxBytes() < limit.maxBytes()) {
                            LOG.info("{} lowered to {} bytes to fit topic {} (max.message.bytes={})", WriteLimit.KEY,
                                    fitted.maxBytes(), entry.getKey().name(), max.value());
                        }
                        limit = fitted;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn("could not read the topics' max.message.bytes ({}); keeping {} = {}", e.getMessage(),
                    WriteLimit.KEY, limit.maxBytes());
        }
        return limit;
    }

    private static int maxRequestSize(Properties props) {
        Object value = props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString());
    }
}
