package dev.simplepush.state;

/**
 * The unacked version of one channel (spec §13.1: at most one per channel), keyed {@code uaid/chid}
 * in the {@code pending} store. Never the data: a re-delivery from storage carries none (§9.11).
 *
 * @param version        the pending version
 * @param storedAtMillis streams-state's time when it was stored, for {@code state.pending.ttl}
 */
record PendingVersion(long version, long storedAtMillis) implements PendingValue {
}
