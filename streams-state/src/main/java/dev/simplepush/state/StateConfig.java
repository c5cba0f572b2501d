package dev.simplepush.state;

import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.state.poison.SetAsideCounter;
import dev.simplepush.state.poison.SetAsideDeserializationHandler;
import dev.simplepush.state.poison.SetAsideHandlers;
import dev.simplepush.state.poison.SetAsideProcessingHandler;
import dev.simplepush.state.poison.SetAsideProductionHandler;
import dev.simplepush.state.poison.WriteLimit;
import dev.simplepush.state.wake.WakeConfig;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of streams-state. Besides the shared {@code kafka.*} and {@code topics.*} keys:
 *
 * @param kafka                 bootstrap servers and {@code kafka.client.*} pass-through; the
 *                              pass-through is laid over the settings below, so an operator can
 *                              tune any Streams, consumer or producer property
 * @param layout                partition counts and replication ({@code topics.*}); internal
 *                              changelog topics get the same replication and min.insync.replicas
 * @param topics                topic names, with {@code topics.prefix}
 * @param applicationId         {@code state.application.id}, default {@code <topics.prefix>simplepush-state}:
 *                              the consumer group and the prefix of the changelog topics, so two
 *                              deployments with different topic prefixes never share state
 * @param stateDir              {@code state.dir}, default {@code ${java.io.tmpdir}/simplepush-state}:
 *                              where RocksDB keeps the stores; losing it only costs a restore from
 *                              the changelogs
 * @param commitInterval        {@code state.commit.interval}, default 30 ms: how often offsets are
 *                              committed and outputs flushed; short because under exactly_once_v2
 *                              every answer but a fast live delivery waits for the commit of its
 *                              transaction (on average half an interval; docs/reliability.md), not
 *                              shorter because the stream thread processes nothing while it
 *                              commits: at 10 ms a freshly started instance at 1,000 PUT/s stayed
 *                              behind about 10 s longer (docs/performance.md, "The commit interval")
 * @param pollInterval          {@code state.poll.interval}, default 10 ms: Streams {@code poll.ms}
 * @param processingGuarantee   {@code state.processing.guarantee}, {@code exactly_once_v2}
 *                              (default) or {@code at_least_once}. Exactly-once: after a crash,
 *                              the records since the last commit are processed again against
 *                              stores rolled back to that commit, and the answers of the first
 *                              attempt are never seen by read_committed readers, so a replay
 *                              cannot interleave an ack and a PUT differently and drop the PUT
 * @param numStandbyReplicas    {@code state.num.standby.replicas}, default 0: warm copies of the
 *                              stores on other instances for faster fail-over
 * @param numStreamThreads      {@code state.num.stream.threads}, default 1
 * @param rules                 {@code hello.max.channels}, default 200 (spec §3.3 rule 4), and
 *                              {@code state.max.channels.per.uaid}, default 500 (at most 10,000):
 *                              channels one uaid may hold (a new one beyond gets 413, spec §4.4), and
 *                              {@code state.store.offline}, default true: false is no-store mode,
 *                              where nothing is kept for offline devices (see {@link StateRules})
 * @param startTimeout          {@code state.start.timeout}, default 120 s: how long start waits
 *                              for the RUNNING state without progress (a state change or a batch of
 *                              restored state); a long restore is waited for as long as it moves
 * @param closeTimeout          {@code state.close.timeout}, default 30 s: how long close waits for
 *                              the stream threads
 * @param groupInstanceId       {@code state.group.instance.id}, default empty: a stable name per
 *                              instance turns on static group membership, so an instance that
 *                              restarts (even after a crash) takes its tasks straight back instead
 *                              of waiting for its old session to time out
 * @param transactionTimeout    {@code state.transaction.timeout}, default 10 s (exactly_once_v2
 *                              only): the producer's {@code transaction.timeout.ms}. A transaction
 *                              left open by a killed instance holds back every read_committed
 *                              reader of the partitions it wrote (node commands, gateway replies)
 *                              until it is aborted, at the latest this long after it began; it
 *                              must still exceed the commit interval plus the worst broker hiccup
 *                              a live instance should ride out
 * @param housekeeping          heartbeats and expiry: {@code state.node.dead.after} (default 6 s),
 *                              {@code state.node.check.interval} (1 s), {@code state.pending.ttl}
 *                              (3 d), {@code state.uaid.ttl} (60 d), {@code state.expiry.interval}
 *                              (1 min), {@code state.expiry.batch} (1000); see {@link Housekeeping}
 * @param audit                 {@code audit.enabled}, default true: write hello, register,
 *                              unregister, routed and acked records to the {@code audit} topic
 * @param wake                  the wake-up driver ({@code wake.driver}, default {@code none}) and
 *                              its dispatcher: {@code wake.min.interval}, {@code wake.retry.*},
 *                              {@code wake.threads}, {@code wake.http.*}; see {@link WakeConfig}
 * @param writeLimit            {@code state.max.record.bytes}, default 1,000,000: the largest
 *                              serialized value streams-state writes to a topic or a store; at start
 *                              it is lowered to fit the smallest {@code max.message.bytes} of the
 *                              topics it writes. A record that would write more is set aside
 *                              (docs/reliability.md, "Poison records"); see {@link WriteLimit}
 * @param webPush               {@code webpush.max.unacked} (100), {@code webpush.max.pending.per.channel}
 *                              (100), {@code webpush.max.pending.bytes.per.uaid} (1 MiB), and the
 *                              message ids of PUTs to data-mode devices under {@code token.keys}
 *                              (the gateways' and nodes' keys); see {@link WebPushRules}
 */
public record StateConfig(
        KafkaSettings kafka,
        TopicLayout layout,
        Topics topics,
        String applicationId,
        Path stateDir,
        Duration commitInterval,
        Duration pollInterval,
        String processingGuarantee,
        int numStandbyReplicas,
        int numStreamThreads,
        StateRules rules,
        Duration startTimeout,
        Duration closeTimeout,
        String groupInstanceId,
        Duration transactionTimeout,
        Housekeeping housekeeping,
        AuditSettings audit,
        WakeConfig wake,
        WriteLimit writeLimit,
        WebPushRules webPush) {

    private static final Logger LOG = LoggerFactory.getLogger(StateConfig.class);

    public static final String APPLICATION_ID_KEY = "state.application.id";
    public static final String STATE_DIR_KEY = "state.dir";
    public static final String COMMIT_INTERVAL_KEY = "state.commit.interval";
    public static final String POLL_INTERVAL_KEY = "state.poll.interval";
    public static final String PROCESSING_GUARANTEE_KEY = "state.processing.guarantee";
    public static final String NUM_STANDBY_REPLICAS_KEY = "state.num.standby.replicas";
    public static final String NUM_STREAM_THREADS_KEY = "state.num.stream.threads";
    public static final String MAX_CHANNELS_KEY = "hello.max.channels";
    public static final String MAX_CHANNELS_PER_UAID_KEY = "state.max.channels.per.uaid";
    public static final String START_TIMEOUT_KEY = "state.start.timeout";
    public static final String CLOSE_TIMEOUT_KEY = "state.close.timeout";
    public static final String GROUP_INSTANCE_ID_KEY = "state.group.instance.id";
    public static final String TRANSACTION_TIMEOUT_KEY = "state.transaction.timeout";
    public static final String NODE_DEAD_AFTER_KEY = "state.node.dead.after";
    public static final String NODE_CHECK_INTERVAL_KEY = "state.node.check.interval";
    public static final String PENDING_TTL_KEY = "state.pending.ttl";
    public static final String UAID_TTL_KEY = "state.uaid.ttl";
    public static final String EXPIRY_INTERVAL_KEY = "state.expiry.interval";
    public static final String EXPIRY_BATCH_KEY = "state.expiry.batch";
    public static final String STORE_OFFLINE_KEY = "state.store.offline";
    public static final String FAST_DELIVERIES_KEY = "state.fast.deliveries";

    public static final String DEFAULT_APPLICATION_ID = "simplepush-state";
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(30);
    private static final long MAX_LINGER_MILLIS = 100;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    /** Room for the largest record of a well-behaved device (a hello's flush, a full registration). */
    static final int MIN_RECORD_BYTES = 16 * 1024;

    private static final Set<String> GUARANTEES = Set.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2);

    public StateConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        Objects.requireNonNull(housekeeping, "housekeeping");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(wake, "wake");
        Objects.requireNonNull(writeLimit, "writeLimit");
        Objects.requireNonNull(webPush, "webPush");
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalConfigurationException(APPLICATION_ID_KEY, "must not be empty");
        }
        if (stateDir == null) {
            throw new IllegalConfigurationException(STATE_DIR_KEY, "must not be empty");
        }
        requirePositive(COMMIT_INTERVAL_KEY, commitInterval);
        requirePositive(POLL_INTERVAL_KEY, pollInterval);
        requirePositive(START_TIMEOUT_KEY, startTimeout);
        requirePositive(CLOSE_TIMEOUT_KEY, closeTimeout);
        requirePositive(TRANSACTION_TIMEOUT_KEY, transactionTimeout);
        if (transactionTimeout.compareTo(commitInterval) <= 0) {
            throw new IllegalConfigurationException(TRANSACTION_TIMEOUT_KEY,
                    "must be longer than " + COMMIT_INTERVAL_KEY + " (" + commitInterval.toMillis() + " ms)");
        }
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new IllegalConfigurationException(PROCESSING_GUARANTEE_KEY,
                    "'" + processingGuarantee + "' is not one of " + StreamsConfig.AT_LEAST_ONCE + ", "
                            + StreamsConfig.EXACTLY_ONCE_V2);
        }
        if (numStandbyReplicas < 0) {
            throw new IllegalConfigurationException(NUM_STANDBY_REPLICAS_KEY, "must not be negative");
        }
        if (numStreamThreads < 1) {
            throw new IllegalConfigurationException(NUM_STREAM_THREADS_KEY, "must be at least 1");
        }
    }

    public static StateConfig from(ConfigSource config) {
        String prefix = config.getString("topics.prefix", "");
        return new StateConfig(
                KafkaSettings.from(config),
                TopicLayout.from(config),
                Topics.withPrefix(prefix),
                config.getString(APPLICATION_ID_KEY, prefix + DEFAULT_APPLICATION_ID),
                Path.of(config.getString(STATE_DIR_KEY,
                        Path.of(System.getProperty("java.io.tmpdir"), "simplepush-state").toString())),
                config.getDuration(COMMIT_INTERVAL_KEY, DEFAULT_COMMIT_INTERVAL),
                config.getDuration(POLL_INTERVAL_KEY, DEFAULT_POLL_INTERVAL),
                config.getString(PROCESSING_GUARANTEE_KEY, StreamsConfig.EXACTLY_ONCE_V2),
                config.getInt(NUM_STANDBY_REPLICAS_KEY, 0, 0, 100),
                config.getInt(NUM_STREAM_THREADS_KEY, 1, 1, 1_000),
                new StateRules(config.getInt(MAX_CHANNELS_KEY, StateRules.DEFAULT_MAX_CHANNELS, 0, 1_000_000),
                        config.getInt(MAX_CHANNELS_PER_UAID_KEY, StateRules.DEFAULT_MAX_CHANNELS_PER_UAID, 1,
                                StateRules.MAX_MAX_CHANNELS_PER_UAID),
                        config.getBoolean(STORE_OFFLINE_KEY, true),
                        config.getBoolean(FAST_DELIVERIES_KEY, true)),
                config.getDuration(START_TIMEOUT_KEY, DEFAULT_START_TIMEOUT),
                config.getDuration(CLOSE_TIMEOUT_KEY, DEFAULT_CLOSE_TIMEOUT),
                config.getString(GROUP_INSTANCE_ID_KEY, ""),
                config.getDuration(TRANSACTION_TIMEOUT_KEY, DEFAULT_TRANSACTION_TIMEOUT),
                housekeeping(config, prefix),
                AuditSettings.from(config),
                WakeConfig.from(config),
                new WriteLimit(config.getInt(WriteLimit.KEY, WriteLimit.DEFAULT_MAX_BYTES, MIN_RECORD_BYTES,
                        Integer.MAX_VALUE)),
                webPush(config));
    }

    private static WebPushRules webPush(ConfigSource config) {
        List<String> keys = config.getList(EndpointTokens.KEYS_SETTING);
        if (keys.isEmpty()) {
            LOG.warn("{} (env {}) is not set: generated a key for this run only. Message ids of PUTs to data-mode"
                    + " devices (spec W3.9) will not be recognised by the delivery nodes: give streams-state the"
                    + " gateways' and nodes' keys", EndpointTokens.KEYS_SETTING,
                    ConfigSource.envName(EndpointTokens.KEYS_SETTING));
            keys = List.of(EndpointTokens.generateKey());
        }
        return new WebPushRules(
                config.getInt(WebPushRules.MAX_UNACKED_KEY, WebPushRules.DEFAULT_MAX_UNACKED, 1, 10_000),
                config.getInt(WebPushRules.MAX_PENDING_PER_CHANNEL_KEY, WebPushRules.DEFAULT_MAX_PENDING_PER_CHANNEL,
                        1, 100_000),
                config.getInt(WebPushRules.MAX_PENDING_BYTES_PER_UAID_KEY,
                        WebPushRules.DEFAULT_MAX_PENDING_BYTES_PER_UAID, 0, 1 << 30),
                new MessageIds(EndpointTokens.fromBase64(keys)));
    }

    private static Housekeeping housekeeping(ConfigSource config, String prefix) {
        Duration deadAfter = config.getDuration(NODE_DEAD_AFTER_KEY, Housekeeping.DEFAULT_NODE_DEAD_AFTER);
        Duration checkInterval = config.getDuration(NODE_CHECK_INTERVAL_KEY, Housekeeping.DEFAULT_NODE_CHECK_INTERVAL);
        Duration pendingTtl = config.getDuration(PENDING_TTL_KEY, Housekeeping.DEFAULT_PENDING_TTL);
        Duration uaidTtl = config.getDuration(UAID_TTL_KEY, Housekeeping.DEFAULT_UAID_TTL);
        Duration expiryInterval = config.getDuration(EXPIRY_INTERVAL_KEY, Housekeeping.DEFAULT_EXPIRY_INTERVAL);
        requirePositive(NODE_DEAD_AFTER_KEY, deadAfter);
        requirePositive(NODE_CHECK_INTERVAL_KEY, checkInterval);
        requirePositive(PENDING_TTL_KEY, pendingTtl);
        requirePositive(UAID_TTL_KEY, uaidTtl);
        requirePositive(EXPIRY_INTERVAL_KEY, expiryInterval);
        return new Housekeeping(NodeHeartbeats.topic(prefix).name(), deadAfter, checkInterval, pendingTtl, uaidTtl,
                expiryInterval, config.getInt(EXPIRY_BATCH_KEY, Housekeeping.DEFAULT_EXPIRY_BATCH, 1, 1_000_000));
    }

    /** The properties KafkaStreams is started with. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(pollInterval.toMillis()));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(numStandbyReplicas));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(numStreamThreads));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(layout.replicationFactor()));
        props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(layout.minInsyncReplicas()));
        // A record that cannot be read, processed or written is set aside (counted, logged once,
        // audited, kept on the dead-letter topic); it must never stop a partition.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SetAsideDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SetAsideProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SetAsideProductionHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters().name());
        props.put(SetAsideHandlers.INPUT_TOPICS_CONFIG,
                topics.notifications().name() + "," + topics.deviceEvents().name());
        if (audit.enabled()) {
            props.put(SetAsideHandlers.AUDIT_TOPIC_CONFIG, topics.audit().name());
        }
        props.put(SetAsideHandlers.MAX_VALUE_BYTES_CONFIG, Integer.toString(deadLetterValueBytes(writeLimit)));
        // A task reads two partitions (notifications, device-events) whose relative order carries
        // no meaning here: every interleaving is a valid serial order (docs/reliability.md). So a
        // task never waits for its other, empty partition; at the default (0) Streams also formats
        // a log message per empty partition on every processing check (docs/performance.md).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), "true");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Long.toString(lingerMillis()));
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    Long.toString(transactionTimeout.toMillis()));
        }
        // A transaction that waits on a retry waits with every answer in it. The producer's default
        // back-off (100 ms, doubling up to 1 s) is made for throughput; after a partition leader
        // moves or a transactional request meets the previous commit still completing, retry
        // within 20-250 ms instead (docs/reliability.md, "Broker failover").
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "20");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), "250");
        if (!groupInstanceId.isEmpty()) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), groupInstanceId);
        }
        props.putAll(kafka.baseProperties());
        return props;
    }

    /** The largest input value a dead letter keeps under this write limit, with room for its error headers. */
    static int deadLetterValueBytes(WriteLimit limit) {
        return Math.max(0, limit.maxBytes() - WriteLimit.RECORD_OVERHEAD_BYTES);
    }

    /** As {@link #streamsProperties()}, the handlers counting into {@code counter} and the write limit lowered to {@code limit}. */
    public Properties streamsProperties(WriteLimit limit, SetAsideCounter counter) {
        Properties props = streamsProperties();
        props.put(SetAsideHandlers.MAX_VALUE_BYTES_CONFIG, Integer.toString(deadLetterValueBytes(limit)));
        props.put(SetAsideHandlers.COUNTER_CONFIG, counter);
        return props;
    }

    /** When the topology asks for wake-ups: only with a driver, at most once per {@code wake.min.interval}. */
    public WakePolicy wakePolicy() {
        return new WakePolicy(wake.enabled(), wake.minInterval());
    }

    /** The wake dispatcher's consumer group. */
    public String wakeGroupId() {
        return applicationId + "-wake";
    }

    /**
     * The producer's {@code linger.ms}. With fast deliveries (the default) the nodes read live
     * deliveries before the commit, so 1 ms. Under at-least-once every answer is awaited by a device or
     * an app server as soon as it is sent, so 1 ms (Streams' own default is 100). Under
     * exactly_once_v2 nothing this producer writes can be read before its transaction commits
     * (the nodes and gateways read committed data only), and the commit flushes the producer
     * first, so lingering for the commit interval delays no answer: it turns many small produce
     * requests, each verified against the transaction by the broker, into about one per partition
     * per commit (docs/performance.md, "Streams producer linger"). At most 100 ms (Streams' own
     * default): longer intervals fill batches before that, and the producer refuses a linger that
     * does not fit in its delivery timeout.
     */
    long lingerMillis() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee) && !rules.fastDeliveries()
                ? Math.max(1, Math.min(MAX_LINGER_MILLIS, commitInterval.toMillis())) : 1;
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalConfigurationException(key, "must be a positive duration");
        }
    }
}
