package dev.simplepush.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * What a starting Kafka Streams is doing when it seems to do nothing. Kafka Streams retries what
 * is retriable by itself and logs most such waits below WARN (a committed-offset fetch that times
 * out, a restored task put back to retry), so a stalled start shows nothing in the log. This names
 * each stream thread's state and tasks, where the instance's threads (stream threads, state
 * updater, global thread, their clients' network and heartbeat threads) are in the code, and what
 * the broker says of the application's consumer group and transactions: the three places a
 * restart after a crash can wait on (a rebalance, a committed-offset fetch held back by a
 * transaction's pending offsets, a restore held back by a transaction open on a changelog, a
 * transaction the coordinator has not finished).
 */
final class StallReport {
    private static final int MAX_FRAMES = 25;
    private static final long ADMIN_SECONDS = 5;

    private StallReport() {
    }

    /** Each stream thread: its state, active and standby tasks, e.g. {@code StreamThread-1 PARTITIONS_ASSIGNED active [0_0, 0_1]}. */
    static String threads(KafkaStreams streams) {
        try {
            return streams.metadataForLocalThreads().stream()
                    .sorted(Comparator.comparing(ThreadMetadata::threadName))
                    .map(StallReport::thread)
                    .collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            return "(no thread metadata: " + e + ")";
        }
    }

    private static String thread(ThreadMetadata thread) {
        String name = thread.threadName();
        return name.substring(name.lastIndexOf('-', name.lastIndexOf('-') - 1) + 1) + " " + thread.threadState()
                + " active " + thread.activeTasks().stream().map(task -> task.taskId().toString()).sorted().toList()
                + (thread.standbyTasks().isEmpty() ? ""
                        : " standby " + thread.standbyTasks().stream().map(task -> task.taskId().toString()).sorted()
                                .toList());
    }

    /** The stacks of every live thread whose name contains {@code applicationId}, at most 25 frames each. */
    static String stacks(String applicationId) {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().contains(applicationId))
                .sorted(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> entry) -> entry.getKey().getName()))
                .forEach(entry -> {
                    out.append('\n').append('"').append(entry.getKey().getName()).append("\" ")
                            .append(entry.getKey().getState());
                    StackTraceElement[] frames = entry.getValue();
                    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                        out.append("\n    at ").append(frames[i]);
                    }
                    if (frames.length > MAX_FRAMES) {
                        out.append("\n    ... ").append(frames.length - MAX_FRAMES).append(" more");
                    }
                });
        return out.toString();
    }

    /**
     * The broker's view: the consumer group {@code applicationId} (state, members with their
     * instance ids and partition counts), every transaction whose id starts with it (state,
     * producer id and epoch, age, partitions) and every transaction open on a partition of
     * {@code __consumer_offsets} or of {@code written}. Best effort: a failed lookup is named instead.
     */
    static String cluster(Admin admin, String applicationId, Collection<String> written) {
        return "group " + group(admin, applicationId) + "; transactions " + transactions(admin, applicationId)
                + "; open on " + Topic.GROUP_METADATA_TOPIC_NAME + " and the topics written "
                + openTransactions(admin, written);
    }

    /**
     * Every producer with a transaction open on one of those partitions: on an offsets partition
     * the offsets a stable fetch waits for, elsewhere where read_committed readers (a restore
     * among them) stop.
     */
    private static String openTransactions(Admin admin, Collection<String> written) {
        return ask(() -> {
            long now = System.currentTimeMillis();
            List<String> open = new ArrayList<>();
            admin.describeProducers(HangingTransactions.partitions(admin, written)).all()
                    .get(ADMIN_SECONDS, TimeUnit.SECONDS).forEach((partition, state) ->
                    state.activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                            .forEach(p -> open.add(partition + ": producer " + p.producerId() + " epoch "
                                    + p.producerEpoch() + " from offset " + p.currentTransactionStartOffset().getAsLong()
                                    + ", last write " + (now - p.lastTimestamp()) + " ms ago")));
            return open.isEmpty() ? "none" : open.stream().sorted().toList().toString();
        });
    }

    private static String group(Admin admin, String groupId) {
        return ask(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(ADMIN_SECONDS, TimeUnit.SECONDS);
            return group.groupState() + " members " + group.members().stream()
                    .sorted(Comparator.comparing(MemberDescription::consumerId))
                    .map(member -> member.groupInstanceId().orElse("-") + "/" + member.consumerId() + " ("
                            + member.assignment().topicPartitions().size() + " partitions)")
                    .toList();
        });
    }

    private static String transactions(Admin admin, String applicationId) {
        return ask(() -> {
            List<String> ids = admin.listTransactions(new ListTransactionsOptions()
                            .filterOnTransactionalIdPattern(Pattern.quote(applicationId) + ".*"))
                    .all().get(ADMIN_SECONDS, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId).sorted().toList();
            if (ids.isEmpty()) {
                return "none";
            }
            Map<String, TransactionDescription> described = admin.describeTransactions(ids).all()
                    .get(ADMIN_SECONDS, TimeUnit.SECONDS);
            long now = System.currentTimeMillis();
            return ids.stream().map(id -> {
                TransactionDescription txn = described.get(id);
                return id + " " + txn.state() + " producer " + txn.producerId() + " epoch " + txn.producerEpoch()
                        + (txn.transactionStartTimeMs().isPresent()
                                ? " started " + (now - txn.transactionStartTimeMs().getAsLong()) + " ms ago" : "")
                        + " partitions " + txn.topicPartitions().stream().map(Object::toString).sorted().toList();
            }).collect(Collectors.joining("; "));
        });
    }

    /** An admin question whose answer goes into the report. */
    private interface AdminQuery {
        String answer() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /** The answer, or why there is none: a stall report must not fail on a broker that cannot answer. */
    private static String ask(AdminQuery query) {
        try {
            return query.answer();
        } catch (ExecutionException e) {
            return "unknown (" + e.getCause() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        } catch (TimeoutException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }
}
