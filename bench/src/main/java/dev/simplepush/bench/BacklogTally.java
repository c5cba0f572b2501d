package dev.simplepush.bench;

import java.util.BitSet;

/**
 * One device's backlog: the versions POSTed and accepted (201) while it was offline, those that
 * arrived after it came back, and when the last one missing arrived. Versions are small (1 to
 * {@code --backlog}), so bit sets hold them.
 */
final class BacklogTally {
    /** What an arriving message was. */
    enum Arrival {
        /** An accepted version, the first time. */
        NEW,
        /** A version that had arrived before (resent, e.g. after a reconnect). */
        DUPLICATE,
        /** A version never accepted (a POST that failed at the bench yet was stored), or no bench version. */
        UNEXPECTED
    }

    private final BitSet accepted = new BitSet();
    private final BitSet arrived = new BitSet();
    private int missing;
    private long completedAtNanos;
    private boolean completed;

    /** The gateway answered 201 to the POST of {@code version}. */
    synchronized void accepted(long version) {
        if (version <= 0 || version > Integer.MAX_VALUE) {
            return;
        }
        int v = (int) version;
        if (!accepted.get(v)) {
            accepted.set(v);
            if (!arrived.get(v)) {
                missing++;
            }
        }
    }

    /** A message with {@code version} arrived at {@code nanos}. */
    synchronized Arrival arrived(long version, long nanos) {
        if (version <= 0 || version > Integer.MAX_VALUE) {
            return Arrival.UNEXPECTED;
        }
        int v = (int) version;
        if (arrived.get(v)) {
            return Arrival.DUPLICATE;
        }
        arrived.set(v);
        if (!accepted.get(v)) {
            return Arrival.UNEXPECTED;
        }
        missing--;
        if (missing == 0) {
            completed = true;
            completedAtNanos = nanos;
        }
        return Arrival.NEW;
    }

    /** Every accepted version has arrived (trivially so when none was accepted). */
    synchronized boolean complete() {
        return missing == 0;
    }

    /** Accepted versions that have not arrived. */
    synchronized int missing() {
        return missing;
    }

    synchronized int acceptedCount() {
        return accepted.cardinality();
    }

    /** When the last missing version arrived, or -1 if none did (nothing accepted, or still missing some). */
    synchronized long completedAtNanos() {
        return completed && missing == 0 ? completedAtNanos : -1;
    }
}
