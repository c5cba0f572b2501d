package dev.simplepush.state;

import dev.simplepush.schemas.token.MessageRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Web Push rows of one task: {@code push-messages} and {@code push-index} ({@link PushKeys}).
 * Iterators are always closed before a row is written, as in {@link DeviceState}.
 */
final class PushRows {
    private static final StringSerializer KEYS = new StringSerializer();

    /** A pending message and its sequence number. */
    record Pending(long seq, StoredMessage message) {
    }

    private final KeyValueStore<String, StoredMessage> messages;
    private final KeyValueStore<String, PushIndexEntry> index;

    PushRows(ProcessorContext<?, ?> context) {
        this.messages = context.getStateStore(StateStores.PUSH_MESSAGES);
        this.index = context.getStateStore(StateStores.PUSH_INDEX);
    }

    /**
     * The pending message a message id names, or null. For {@link MessageRef.Kind#VERSION} it is
     * the channel's one version message, whatever its version: the caller compares.
     */
    Pending find(String uaid, String channelId, MessageRef.Kind kind, String key) {
        PushIndexEntry entry = index.get(PushKeys.index(uaid, channelId, kind, key));
        if (entry == null) {
            return null;
        }
        StoredMessage message = messages.get(PushKeys.message(uaid, entry.seq()));
        return message == null ? null : new Pending(entry.seq(), message);
    }

    void put(String uaid, long seq, StoredMessage message) {
        messages.put(PushKeys.message(uaid, seq), message);
        index.put(PushKeys.index(uaid, message.channelId(), message.kind(), message.key()), new PushIndexEntry(seq));
    }

    /** Deletes the message and its index row (unless that row already names a newer message). */
    void delete(String uaid, Pending pending) {
        messages.delete(PushKeys.message(uaid, pending.seq()));
        String indexKey = PushKeys.index(uaid, pending.message().channelId(), pending.message().kind(),
                pending.message().key());
        PushIndexEntry entry = index.get(indexKey);
        if (entry != null && entry.seq() == pending.seq()) {
            index.delete(indexKey);
        }
    }

    /** How many messages the channel holds, counting no further than {@code limit}. */
    int countChannel(String uaid, String channelId, int limit) {
        int count = 0;
        try (KeyValueIterator<String, PushIndexEntry> rows = index.prefixScan(PushKeys.channelPrefix(uaid, channelId),
                KEYS)) {
            while (count < limit && rows.hasNext()) {
                rows.next();
                count++;
            }
        }
        return count;
    }

    /** Every pending message of one channel. */
    List<Pending> channel(String uaid, String channelId) {
        List<Long> seqs = new ArrayList<>();
        try (KeyValueIterator<String, PushIndexEntry> rows = index.prefixScan(PushKeys.channelPrefix(uaid, channelId),
                KEYS)) {
            rows.forEachRemaining(row -> seqs.add(row.value.seq()));
        }
        List<Pending> found = new ArrayList<>();
        for (long seq : seqs) {
            StoredMessage message = messages.get(PushKeys.message(uaid, seq));
            if (message != null) {
                found.add(new Pending(seq, message));
            }
        }
        return found;
    }

    /** Up to {@code limit} messages of the uaid from {@code fromSeq} on, oldest first. */
    List<Pending> from(String uaid, long fromSeq, int limit) {
        List<Pending> found = new ArrayList<>();
        try (KeyValueIterator<String, StoredMessage> rows = messages.range(PushKeys.message(uaid, Math.max(0, fromSeq)),
                PushKeys.message(uaid, Long.MAX_VALUE))) {
            while (found.size() < limit && rows.hasNext()) {
                KeyValue<String, StoredMessage> row = rows.next();
                found.add(new Pending(PushKeys.seqOf(row.key), row.value));
            }
        }
        return found;
    }

    /** Deletes every Web Push row of the uaid and returns its messages, oldest first. */
    List<Pending> forget(String uaid) {
        List<Pending> all = from(uaid, 0, Integer.MAX_VALUE);
        all.forEach(pending -> messages.delete(PushKeys.message(uaid, pending.seq())));
        List<String> indexKeys = new ArrayList<>();
        try (KeyValueIterator<String, PushIndexEntry> rows = index.prefixScan(StateKeys.prefix(uaid), KEYS)) {
            rows.forEachRemaining(row -> indexKeys.add(row.key));
        }
        indexKeys.forEach(index::delete);
        return all;
    }

    /** Message rows of every uaid from {@code fromKey} (inclusive; null for the first), for expiry; close it. */
    KeyValueIterator<String, StoredMessage> messagesFrom(String fromKey) {
        return fromKey == null ? messages.all() : messages.range(fromKey, null);
    }
}
