package dev.simplepush.schemas;

/** What became of one PUT, and the HTTP status the gateway answers with by default. */
public enum PutOutcome {
    /** Written to the socket of a connected device. */
    DELIVERED(200),
    /** Kept as pending for a device that is offline (spec §9.8 {@code stored_status}). */
    STORED(202),
    /** The token names a uaid or channel that is not registered (spec §9.7). */
    UNKNOWN_ENDPOINT(404),
    /**
     * No-store mode ({@code state.store.offline=false}): the update was valid but the device is
     * offline, and the deployment keeps nothing for offline devices, so it was dropped. The
     * gateway answers {@code stored_status} like {@link #STORED} (RFC 8030 §5.2: a push service
     * may accept a message it cannot keep) and adds {@code TTL: 0}.
     */
    DROPPED(202),
    /**
     * No-store mode: written to the socket of a connected device but kept nowhere, so it is not
     * re-sent if the device never acks it. The gateway answers 200 with {@code TTL: 0}.
     */
    DELIVERED_NOT_KEPT(200),
    /**
     * A Web Push POST over a pending cap ({@code webpush.max.pending.per.channel} or
     * {@code webpush.max.pending.bytes.per.uaid}, spec W4.7): not kept. The gateway answers 429
     * errno 201 with {@code Retry-After}. Never the outcome of a PUT.
     */
    PENDING_FULL(429);

    private final int defaultStatus;

    PutOutcome(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    public int defaultStatus() {
        return defaultStatus;
    }

    /**
     * True for the outcomes of no-store mode, whose answers carry {@code TTL: 0}: the deployment
     * kept the update for 0 seconds.
     */
    public boolean keptNothing() {
        return this == DROPPED || this == DELIVERED_NOT_KEPT;
    }
}
