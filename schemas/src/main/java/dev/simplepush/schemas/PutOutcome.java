package dev.simplepush.schemas;

/** What became of one PUT, and the HTTP status the gateway answers with by default. */
public enum PutOutcome {
    /** Written to the socket of a connected device. */
    DELIVERED(200),
    /** Kept as pending for a device that is offline (spec §9.8 {@code stored_status}). */
    STORED(202),
    /** The token names a uaid or channel that is not registered (spec §9.7). */
    UNKNOWN_ENDPOINT(404);

    private final int defaultStatus;

    PutOutcome(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    public int defaultStatus() {
        return defaultStatus;
    }
}
