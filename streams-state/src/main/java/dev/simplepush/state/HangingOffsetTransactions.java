package dev.simplepush.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets that an exactly-once restart waits on forever. Before a restored task runs, Kafka
 * Streams fetches its partitions' committed offsets asking for stable ones; while a transaction
 * holds offsets for them, the group coordinator answers {@code UNSTABLE_OFFSET_COMMIT} and Streams
 * asks again, silently, for as long as that transaction is open. After a kill -9 of dev mode (the
 * broker dies with the application) a restart was seen stuck exactly there with this
 * application's transactional id {@code Empty} at its coordinator: nothing would ever end the
 * transaction on {@code __consumer_offsets} (KIP-664 calls this a hanging transaction).
 *
 * <p>This finds such transactions and aborts them, as {@code kafka-transactions.sh abort} would:
 * an open transaction on a {@code __consumer_offsets} partition whose producer id belongs to one
 * of this application's transactional ids, whose transaction coordinator has no transaction of
 * that producer in progress, and whose last write is older than {@code olderThan} (longer than
 * any live transaction of ours may run, {@code state.transaction.timeout}). Nothing else
 * qualifies: a live transaction is always known to its coordinator. Should the transaction in fact
 * have committed everywhere but here (its marker lost), the group falls back to the offsets before
 * it and the records in between are processed again, as after an at-least-once restart: better
 * than an instance that never starts.
 */
final class HangingOffsetTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(HangingOffsetTransactions.class);
    private static final long ADMIN_SECONDS = 5;
    private static final Set<TransactionState> IN_PROGRESS = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private HangingOffsetTransactions() {
    }

    /**
     * Before Kafka Streams starts: aborts the hanging offset transactions of {@code applicationId},
     * and when a candidate is still younger than {@code transactionTimeout} (the killed run wrote
     * it moments ago), waits that long once and looks again, so that no committed-offset fetch of
     * the new run ever waits on it. Without a candidate nothing is waited for.
     */
    static void abortBeforeStart(Admin admin, String applicationId, Duration transactionTimeout) {
        abort(admin, applicationId, transactionTimeout);
        if (!abort(admin, applicationId, Duration.ZERO, false).isEmpty()) {
            LOG.info("an open offset transaction of an earlier run of {} is younger than {}; waiting that long "
                    + "before aborting it if no coordinator ends it", applicationId, transactionTimeout);
            try {
                Thread.sleep(transactionTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            abort(admin, applicationId, transactionTimeout);
        }
    }

    /** Aborts the hanging offset transactions of {@code applicationId}; returns what it aborted, for the log. */
    static List<String> abort(Admin admin, String applicationId, Duration olderThan) {
        return abort(admin, applicationId, olderThan, true);
    }

    /** The hanging offset transactions older than {@code olderThan}, aborted if {@code abort}. */
    private static List<String> abort(Admin admin, String applicationId, Duration olderThan, boolean abort) {
        try {
            Collection<TransactionListing> ours = admin.listTransactions(new ListTransactionsOptions()
                            .filterOnTransactionalIdPattern(Pattern.quote(applicationId) + ".*"))
                    .all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            if (ours.isEmpty()) {
                return List.of();
            }
            int partitions = admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames()
                    .get(ADMIN_SECONDS, TimeUnit.SECONDS).get(Topic.GROUP_METADATA_TOPIC_NAME).partitions().size();
            List<TopicPartition> offsets = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, p)).toList();
            Map<TopicPartition, DescribeProducersResult.PartitionProducerState> producers = admin
                    .describeProducers(offsets).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            List<AbortTransactionSpec> hanging = hanging(ours, producers, System.currentTimeMillis(), olderThan);
            List<String> aborted = new ArrayList<>();
            for (AbortTransactionSpec spec : hanging) {
                if (abort) {
                    admin.abortTransaction(spec).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
                }
                aborted.add(spec.topicPartition() + " producer " + spec.producerId() + " epoch " + spec.producerEpoch());
            }
            if (abort && !aborted.isEmpty()) {
                LOG.warn("aborted hanging transactions of {} holding back its committed offsets: {}", applicationId,
                        aborted);
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

    /**
     * The open transactions on the offsets partitions that are ours and hanging: the producer id
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
