package dev.simplepush.state;

import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.state.PushRows.Pending;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One uaid's Web Push queue while one event is applied: rows are written as it goes, the counters
 * are kept here and written once with the device row at the end ({@link #toQueue()}), so an ack of
 * many entries rewrites the device row once, not once per entry.
 */
final class PushEdit {
    private final String uaid;
    private final PushRows rows;
    private long nextSeq;
    private int count;
    private long bytes;
    private long sentSeq;
    private int inFlight;
    private boolean changed;

    PushEdit(String uaid, PushQueue queue, PushRows rows) {
        this.uaid = uaid;
        this.rows = rows;
        this.nextSeq = queue.nextSeq();
        this.count = queue.count();
        this.bytes = queue.bytes();
        this.sentSeq = queue.sentSeq();
        this.inFlight = queue.inFlight();
    }

    PushQueue toQueue() {
        return new PushQueue(nextSeq, count, bytes, sentSeq, inFlight);
    }

    /** Whether a counter moved since this edit began: the device row must then be written. */
    boolean changed() {
        return changed;
    }

    String uaid() {
        return uaid;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    Pending find(String channelId, MessageRef.Kind kind, String key) {
        return count == 0 ? null : rows.find(uaid, channelId, kind, key);
    }

    int countChannel(String channelId, int limit) {
        return count == 0 ? 0 : rows.countChannel(uaid, channelId, limit);
    }

    List<Pending> channel(String channelId) {
        return count == 0 ? List.of() : rows.channel(uaid, channelId);
    }

    /** Every pending message, oldest first. */
    List<Pending> all() {
        return count == 0 ? List.of() : rows.from(uaid, 0, Integer.MAX_VALUE);
    }

    /** Stores a message behind every other one and returns its sequence number. */
    long add(StoredMessage message) {
        long seq = nextSeq++;
        rows.put(uaid, seq, message);
        count++;
        bytes += message.bodyBytes();
        changed = true;
        return seq;
    }

    void remove(Pending pending) {
        rows.delete(uaid, pending);
        count = Math.max(0, count - 1);
        bytes = Math.max(0, bytes - pending.message().bodyBytes());
        if (wasSent(pending)) {
            inFlight = Math.max(0, inFlight - 1);
        }
        changed = true;
    }

    /** Whether the message was sent on the live connection (an ack for one that was not is not its ack). */
    boolean wasSent(Pending pending) {
        return pending.seq() <= sentSeq;
    }

    /** A new connection (an accepted hello): nothing is sent on it yet (spec W3.3). */
    void newConnection() {
        sentSeq = -1;
        inFlight = 0;
        changed = true;
    }

    /**
     * Whether the message {@code seq} is the next one to send and the window has room: live
     * delivery of a new message, keeping the order (every earlier pending one was sent) and
     * {@code webpush.max.unacked} (spec W3.4).
     */
    boolean isNextToSend(long seq, int window) {
        if (inFlight >= window) {
            return false;
        }
        List<Pending> next = rows.from(uaid, sentSeq + 1, 1);
        return !next.isEmpty() && next.get(0).seq() == seq;
    }

    void markSent(long seq) {
        sentSeq = Math.max(sentSeq, seq);
        inFlight++;
        changed = true;
    }

    /**
     * The next messages to send, oldest first, as many as the window has room for, marked sent.
     * Expired ones met on the way are removed and handed to {@code expired} instead.
     */
    List<Pending> takeWindow(int window, long nowMillis, Consumer<Pending> expired) {
        List<Pending> send = new ArrayList<>();
        while (count > 0 && inFlight + send.size() < window) {
            int room = window - inFlight - send.size();
            long from = send.isEmpty() ? sentSeq + 1 : send.get(send.size() - 1).seq() + 1;
            List<Pending> batch = rows.from(uaid, from, room);
            if (batch.isEmpty()) {
                break;
            }
            for (Pending pending : batch) {
                if (pending.message().expiredBy(nowMillis)) {
                    // Deleted here, so the next read goes on after it.
                    remove(pending);
                    expired.accept(pending);
                } else {
                    send.add(pending);
                }
            }
        }
        for (Pending pending : send) {
            markSent(pending.seq());
        }
        return send;
    }
}
