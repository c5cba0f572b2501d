package dev.simplepush.state;

/**
 * The counters of one uaid's Web Push queue, kept in its device row ({@link Registration#push()}).
 * The messages themselves are rows of {@code push-messages} keyed {@code uaid/<seq>}
 * ({@link PushKeys}), so oldest first is key order.
 *
 * <p>The watermark ({@code sentSeq}, {@code inFlight}) belongs to the uaid's live connection
 * (its presence): every accepted hello resets it, so it needs no connection id of its own. Flow
 * control (spec W3.4): messages up to {@code sentSeq} were sent on that connection, and
 * {@code inFlight} of them are still pending (unacked); at most {@code webpush.max.unacked}.
 *
 * @param nextSeq  the sequence number of the next stored message; never reused, so a late ack or
 *                 a replaced topic message can never be mistaken for a newer one
 * @param count    pending messages
 * @param bytes    their body bytes, for {@code webpush.max.pending.bytes.per.uaid}
 * @param sentSeq  the highest sequence number sent on the live connection, -1 for none
 * @param inFlight pending messages sent on the live connection and not acked
 */
record PushQueue(long nextSeq, int count, long bytes, long sentSeq, int inFlight) {
    static final PushQueue EMPTY = new PushQueue(0, 0, 0, -1, 0);
    /** Five numbers at their longest, with their names. */
    static final int MAX_JSON_BYTES = 160;

    /** Nothing sent on a new connection yet (spec W3.3: what was sent before is sent again). */
    PushQueue forNewConnection() {
        return new PushQueue(nextSeq, count, bytes, -1, 0);
    }
}
