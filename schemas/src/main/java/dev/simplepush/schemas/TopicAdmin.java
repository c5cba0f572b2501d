package dev.simplepush.schemas;

import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates our topics if they are missing and checks that existing ones fit the layout: partition
 * counts are enforced (a wrong count breaks routing), durability is reported (a topic created by
 * hand, or before {@code topics.replication.factor} was raised, keeps its weaker settings, and
 * only an operator can change them).
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final long RETRY_BACKOFF_MILLIS = 50;

    private TopicAdmin() {
    }

    /**
     * Idempotent: several services may race to create the same topics at start-up; whoever loses
     * sees {@link TopicExistsException} and moves on.
     *
     * @return one line per topic that already existed and is replicated less, or with a lower
     *         {@code min.insync.replicas}, than the layout asks for; each is also logged at WARN
     * @throws IllegalStateException if an existing topic has fewer partitions than the layout
     *                               needs, or if co-partitioned topics disagree
     */
    public static List<String> ensureTopics(Admin admin, Topics topics, TopicLayout layout) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?> topic : topics.all()) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), layout.partitions(topic.partitioning()),
                            layout.replicationFactor())
                            .configs(topicConfigs(topics, topic, layout)));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.info("created topic {} with {} partitions, replication {}", topic.name(),
                            topic.numPartitions(), topic.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            verify(admin, topics);
            // Only topics that were there before: those just created have the layout's settings,
            // and a broker may not know them yet.
            List<String> kept = topics.all().stream().map(Topic::name).filter(existing::contains).toList();
            List<String> shortfalls = kept.isEmpty() ? List.of() : durabilityShortfalls(admin, kept, layout);
            shortfalls.forEach(shortfall -> LOG.warn("{}", shortfall));
            return shortfalls;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or describe topics: " + e.getMessage(), e);
        }
    }

    /**
     * What a new topic is created with: min.insync.replicas, for {@code audit} its retention, for
     * single-partition tables ({@code node-load}) compaction.
     */
    static Map<String, String> topicConfigs(Topics topics, Topic<?> topic, TopicLayout layout) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()));
        if (topic.name().equals(topics.audit().name())) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(layout.auditRetentionMillis()));
        }
        if (topic.partitioning() == Topic.Partitioning.SINGLE) {
            // Like node-heartbeats: a report is stale within seconds, so compact often.
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(TimeUnit.MINUTES.toMillis(10)));
            configs.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
        }
        return configs;
    }

    /**
     * Ensures the topics exist and that {@code topic} has a partition {@code id}, the one this
     * edge (a node or a gateway) reads.
     *
     * @throws IllegalConfigurationException naming {@code idKey} if the partition does not exist
     */
    public static void ensureTopicsWithPartition(KafkaSettings kafka, Topics topics, TopicLayout layout,
            String topic, int id, String idKey) {
        try (Admin admin = Admin.create(kafka.baseProperties())) {
            ensureTopics(admin, topics, layout);
            int partitions = partitionCount(admin, topic);
            if (id >= partitions) {
                throw new IllegalConfigurationException(idKey, id + " has no partition: topic " + topic + " has "
                        + partitions + " partitions, so ids are 0 to " + (partitions - 1)
                        + "; use a smaller id or add partitions to " + topic);
            }
        }
    }

    /**
     * The number of partitions of a topic. A topic created a moment ago may not be known to the
     * broker that answers yet, so an unknown topic is asked about again until the timeout.
     */
    public static int partitionCount(Admin admin, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
                    return description.partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(RETRY_BACKOFF_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replication and {@code min.insync.replicas} of the named topics against the layout. A cluster
     * that refuses to describe configs (no DescribeConfigs ACL) gets a WARN that the check was
     * skipped, not a failed start.
     */
    private static List<String> durabilityShortfalls(Admin admin, List<String> names, TopicLayout layout)
            throws InterruptedException {
        Map<String, Integer> replication = new HashMap<>();
        Map<String, Integer> minInsync = new HashMap<>();
        try {
            admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((name, description) -> replication.put(name, description.partitions().stream()
                            .mapToInt(partition -> partition.replicas().size()).min().orElse(0)));
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((resource, config) -> {
                        ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                        if (entry != null && entry.value() != null) {
                            minInsync.put(resource.name(), Integer.parseInt(entry.value()));
                        }
                    });
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn("could not check the replication of existing topics: {}", e.getMessage());
            return List.of();
        }
        return durabilityShortfalls(layout, names, replication, minInsync);
    }

    /** The check itself, on what the cluster said: one line per shortfall, with the fix. */
    static List<String> durabilityShortfalls(TopicLayout layout, List<String> names, Map<String, Integer> replication,
            Map<String, Integer> minInsync) {
        List<String> shortfalls = new ArrayList<>();
        for (String name : names) {
            Integer replicas = replication.get(name);
            if (replicas != null && replicas < layout.replicationFactor()) {
                shortfalls.add("topic " + name + " has " + replicas + " replica(s) but topics.replication.factor is "
                        + layout.replicationFactor() + ": a broker loss can lose accepted updates; add replicas with"
                        + " kafka-reassign-partitions");
            }
            Integer insync = minInsync.get(name);
            if (insync != null && insync < layout.minInsyncReplicas()) {
                shortfalls.add("topic " + name + " has min.insync.replicas=" + insync
                        + " but topics.min.insync.replicas is " + layout.minInsyncReplicas()
                        + ": an acks=all write can succeed on fewer copies; raise it with kafka-configs --alter"
                        + " --entity-type topics --entity-name " + name + " --add-config min.insync.replicas="
                        + layout.minInsyncReplicas());
            }
        }
        return shortfalls;
    }

    private static void verify(Admin admin, Topics topics) {
        int notifications = partitionCount(admin, topics.notifications().name());
        int events = partitionCount(admin, topics.deviceEvents().name());
        if (notifications != events) {
            throw new IllegalStateException("topics " + topics.notifications().name() + " (" + notifications
                    + " partitions) and " + topics.deviceEvents().name() + " (" + events
                    + ") must have the same partition count: streams-state joins them by uaid");
        }
    }
}
