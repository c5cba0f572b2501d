package dev.simplepush.state;

/**
 * The tunable rules the topology applies.
 *
 * @param maxChannels        a hello with more {@code channelIDs} than this drops the uaid's state
 *                           and is answered with a reset (spec §3.3 rule 4, {@code max_channels},
 *                           default 200)
 * @param maxChannelsPerUaid registrations one uaid may hold; a register beyond it is answered 503.
 *                           The spec sets no cap, but a uaid's channels are one store value and its
 *                           flush one record: left unbounded, one device could grow them past
 *                           Kafka's record size limit and stall every device of its partition
 * @param storeOffline       {@code state.store.offline}, default true. False is no-store mode (the
 *                           Loop deployment): the pending store is never written, an update for
 *                           an offline device is dropped ({@code PutOutcome.DROPPED}), a live
 *                           delivery is not kept until its ack, and a hello flushes nothing
 */
public record StateRules(int maxChannels, int maxChannelsPerUaid, boolean storeOffline) {
    public static final int DEFAULT_MAX_CHANNELS = 200;
    public static final int DEFAULT_MAX_CHANNELS_PER_UAID = 5_000;
    public static final StateRules DEFAULT = new StateRules(DEFAULT_MAX_CHANNELS, DEFAULT_MAX_CHANNELS_PER_UAID);

    /** Keeping updates for offline devices, the default. */
    public StateRules(int maxChannels, int maxChannelsPerUaid) {
        this(maxChannels, maxChannelsPerUaid, true);
    }

    /** The same rules in no-store mode ({@code storeOffline} false) or not. */
    public StateRules withStoreOffline(boolean store) {
        return new StateRules(maxChannels, maxChannelsPerUaid, store);
    }

    public StateRules {
        if (maxChannels < 0) {
            throw new IllegalArgumentException("maxChannels must not be negative: " + maxChannels);
        }
        if (maxChannelsPerUaid < 1) {
            throw new IllegalArgumentException("maxChannelsPerUaid must be at least 1: " + maxChannelsPerUaid);
        }
    }
}
