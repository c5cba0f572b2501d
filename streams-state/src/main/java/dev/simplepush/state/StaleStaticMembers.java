package dev.simplepush.state;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With static membership ({@code state.group.instance.id}), each stream thread is the static
 * member {@code <id>-<thread index>}. A restarted instance's threads take the places of the
 * members with the same names at once. But a thread that died and was replaced left a member under
 * another index (the replacement gets the next one), and a member that no thread of the new
 * instance takes over keeps its tasks until its session times out (45 s): after a crash, that is
 * the first 45 s of a "ready" instance with some partitions unserved. Start-up removes those
 * members first, which starts the rebalance that hands their tasks over.
 */
final class StaleStaticMembers {
    private static final Logger LOG = LoggerFactory.getLogger(StaleStaticMembers.class);
    private static final long TIMEOUT_SECONDS = 30;

    private StaleStaticMembers() {
    }

    /**
     * Removes this instance's static members that no thread of it will take over. Best effort: a
     * cluster that refuses (no ACL, an older broker) only costs the wait for their sessions.
     */
    static void remove(Admin admin, String groupId, String groupInstanceId, int threads) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> stale = stale(group.members(), groupInstanceId, threads);
            if (stale.isEmpty()) {
                return;
            }
            admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(
                    stale.stream().map(MemberToRemove::new).toList())).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("removed static members {} of an earlier run of this instance from group {}", stale, groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                LOG.warn("could not remove stale static members of {}: {}", groupInstanceId, e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("could not remove stale static members of {}: {}", groupInstanceId, e.toString());
        }
    }

    /** Members named {@code <groupInstanceId>-<n>} with n above {@code threads}: no thread here takes them over. */
    static List<String> stale(Collection<MemberDescription> members, String groupInstanceId, int threads) {
        String prefix = groupInstanceId + "-";
        return members.stream()
                .map(MemberDescription::groupInstanceId)
                .flatMap(java.util.Optional::stream)
                .filter(id -> id.startsWith(prefix) && threadIndex(id.substring(prefix.length())) > threads)
                .sorted()
                .toList();
    }

    private static int threadIndex(String suffix) {
        try {
            return Integer.parseInt(suffix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
