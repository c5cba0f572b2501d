package dev.simplepush.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions that an exactly-once restart waits on forever: open on a partition, but unknown to
 * their coordinator, so nothing will ever end them (KIP-664 calls them hanging). After a kill -9
 * of dev mode (the broker dies with the application) two such waits were seen, both silent:
 *
 * <ul>
 *   <li>on {@code __consumer_offsets}: before a restored task runs, Kafka Streams fetches its
 *       partitions' committed offsets asking for stable ones; while a transaction holds offsets
 *       for them, the group coordinator answers {@code UNSTABLE_OFFSET_COMMIT} and Streams asks
 *       again for as long as that transaction is open;</li>
 *   <li>on a changelog partition: Kafka Streams 4.3 restores an exactly-once task's store with a
 *       read_committed consumer, which cannot read past the first open transaction (the last
 *       stable offset), but counts the restore done only once it reaches the high watermark
 *       ({@code StoreChangelogReader} asks for end offsets read_uncommitted). The task stays
 *       RESTORING, the instance REBALANCING.</li>
 * </ul>
 *
 * <p>The same holds back read_committed readers of the application's output topics (nodes reading
 * node commands, gateways reading replies). So this looks at every partition the application
 * writes ({@code __consumer_offsets}, its changelogs, its output topics) and aborts, as
 * {@code kafka-transactions.sh abort} would, each open transaction there whose producer id belongs
 * to one of this application's transactional ids, whose transaction coordinator has no
 * transaction of that producer in progress, and whose last write is older than {@code olderThan}
 * (longer than any live transaction of ours may run, {@code state.transaction.timeout}). Nothing
 * else qualifies: a live transaction is always known to its coordinator, another application's
 * producer never is ours. Should the transaction in fact have committed everywhere but there (its
 * marker lost), its records on that partition are dropped for readers and, on
 * {@code __consumer_offsets}, the group falls back to the offsets before it, so the records in
 * between are processed again, as after an at-least-once restart: better than an instance that
 * never starts.
 */
final class HangingTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final long ADMIN_SECONDS = 5;
    private static final Set<TransactionState> IN_PROGRESS = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private HangingTransactions() {
    }

    /**
     * Before Kafka Streams starts: aborts the hanging transactions of {@code applicationId} on
     * {@code __consumer_offsets} and on {@code written} (the topics it writes, changelogs
     * included), and when a candidate is still younger than {@code transactionTimeout} (the killed
     * run wrote it moments ago), waits that long once and looks again, so that neither a
     * committed-offset fetch nor a restore of the new run ever waits on it. Without a candidate
     * nothing is waited for. A young candidate must also be behind its coordinator's epoch (see
     * {@link #behindTheirCoordinator}): a live instance of the same application starting its next
     * transaction between the two look-ups is not one.
     */
    static void abortBeforeStart(Admin admin, String applicationId, Collection<String> written,
            Duration transactionTimeout) {
        abort(admin, applicationId, written, transactionTimeout);
        if (!abort(admin, applicationId, written, Duration.ZERO, false).isEmpty()) {
            LOG.info("an open transaction of an earlier run of {} is younger than {}; waiting that long "
                    + "before aborting it if no coordinator ends it", applicationId, transactionTimeout);
            try {
                Thread.sleep(transactionTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            abort(admin, applicationId, written, transactionTimeout);
        }
    }

    /** Aborts the hanging transactions of {@code applicationId}; returns what it aborted, for the log. */
    static List<String> abort(Admin admin, String applicationId, Collection<String> written, Duration olderThan) {
        return abort(admin, applicationId, written, olderThan, true);
    }

    /**
     * The hanging transactions older than {@code olderThan}, aborted if {@code abort}; when only
     * looking, those behind their coordinator's epoch.
     */
    private static List<String> abort(Admin admin, String applicationId, Collection<String> written,
            Duration olderThan, boolean abort) {
        try {
            Collection<TransactionListing> ours = admin.listTransactions(new ListTransactionsOptions()
                            .filterOnTransactionalIdPattern(Pattern.quote(applicationId) + ".*"))
                    .all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            if (ours.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, DescribeProducersResult.PartitionProducerState> producers = admin
                    .describeProducers(partitions(admin, written)).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            List<AbortTransactionSpec> hanging = hanging(ours, producers, System.currentTimeMillis(), olderThan);
            if (!abort && !hanging.isEmpty()) {
                hanging = behindTheirCoordinator(hanging, coordinatorEpochs(admin, ours));
            }
            List<String> aborted = new ArrayList<>();
            for (AbortTransactionSpec spec : hanging) {
                if (abort) {
                    admin.abortTransaction(spec).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
                }
                aborted.add(spec.topicPartition() + " producer " + spec.producerId() + " epoch " + spec.producerEpoch());
            }
            if (abort && !aborted.isEmpty()) {
                LOG.warn("aborted hanging transactions of {} (open where no coordinator would end them): {}",
                        applicationId, aborted);
            }
            return aborted;
        } catch (ExecutionException e) {
            LOG.warn("could not look for hanging transactions of {}: {}", applicationId, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("could not look for hanging transactions of {}: {}", applicationId, e.toString());
        }
        return List.of();
    }

    /** Producer id to its epoch at its coordinator, for this application's idle transactional ids. */
    private static Map<Long, Short> coordinatorEpochs(Admin admin, Collection<TransactionListing> ours)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> idle = ours.stream().filter(txn -> !IN_PROGRESS.contains(txn.state()))
                .map(TransactionListing::transactionalId).toList();
        Map<Long, Short> epochs = new HashMap<>();
        admin.describeTransactions(idle).all().get(ADMIN_SECONDS, TimeUnit.SECONDS).values()
                .forEach(txn -> epochs.put(txn.producerId(), (short) txn.producerEpoch()));
        return epochs;
    }

    /**
     * Of {@code open}, those whose epoch is below their producer's epoch at its coordinator
     * ({@code coordinatorEpochs}; unknown counts as below). With transaction version 2 every
     * transaction ends with an epoch bump, so a transaction its coordinator ended but that stayed
     * open on a partition is behind (a killed run's was two behind), while a live instance's new
     * transaction, seen open after its coordinator was looked up between two transactions, is
     * not. Only the start-up wait uses this: the abort itself relies on age alone, which also
     * holds with transaction version 1.
     */
    static List<AbortTransactionSpec> behindTheirCoordinator(List<AbortTransactionSpec> open,
            Map<Long, Short> coordinatorEpochs) {
        return open.stream()
                .filter(spec -> !coordinatorEpochs.containsKey(spec.producerId())
                        || spec.producerEpoch() < coordinatorEpochs.get(spec.producerId()))
                .toList();
    }

    /**
     * Every partition of {@code __consumer_offsets} and of those of {@code written} that exist
     * (a topic not yet created has nothing open).
     */
    static List<TopicPartition> partitions(Admin admin, Collection<String> written)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = new TreeSet<>(written);
        names.add(Topic.GROUP_METADATA_TOPIC_NAME);
        names.retainAll(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(ADMIN_SECONDS, TimeUnit.SECONDS));
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(names).allTopicNames().get(ADMIN_SECONDS, TimeUnit.SECONDS).forEach((name, topic) ->
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
    }

    /**
     * The open transactions on {@code producers}' partitions that are ours and hanging: the producer id
     * is one of {@code ours} whose coordinator has no transaction in progress, and its last write
     * is older than {@code olderThan} at {@code nowMillis}.
     */
    static List<AbortTransactionSpec> hanging(Collection<TransactionListing> ours,
            Map<TopicPartition, DescribeProducersResult.PartitionProducerState> producers, long nowMillis,
            Duration olderThan) {
        Set<Long> idle = ours.stream()
                .filter(txn -> !IN_PROGRESS.contains(txn.state()))
                .map(TransactionListing::producerId)
                .collect(Collectors.toSet());
        List<AbortTransactionSpec> hanging = new ArrayList<>();
        producers.forEach((partition, state) -> {
            for (ProducerState producer : state.activeProducers()) {
                if (producer.currentTransactionStartOffset().isPresent() && idle.contains(producer.producerId())
                        && nowMillis - producer.lastTimestamp() > olderThan.toMillis()) {
                    hanging.add(new AbortTransactionSpec(partition, producer.producerId(),
                            (short) producer.producerEpoch(), producer.coordinatorEpoch().orElse(0)));
                }
            }
        });
        return hanging;
    }
}
