package dev.simplepush.state;

/**
 * Something streams-state dropped because it grew too old: what an audit "Expired" record says.
 *
 * @param uaid      the device
 * @param channelId the channel of an expired pending version; null when the whole uaid went
 * @param version   the expired pending version; 0 when the whole uaid went
 * @param reason    which TTL it outlived
 * @param atMillis  streams-state's time of the expiry
 */
record Expired(String uaid, String channelId, long version, Reason reason, long atMillis) {

    enum Reason {
        /** A pending version older than {@code state.pending.ttl}. */
        PENDING_TTL,
        /** A uaid unseen for {@code state.uaid.ttl}: it is forgotten with its channels. */
        UAID_TTL
    }
}
