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
 * @param fastDeliveries     {@code state.fast.deliveries}, default true in a deployment (false
 *                           in {@link #DEFAULT}). True writes the delivery of a PUT to a connected
 *                           device (and the §13.3 status question) to {@code deliveries}, which the
 *                           nodes read uncommitted, instead of {@code node-commands}: the device
 *                           gets it without waiting for the transaction's commit. Hello results,
 *                           hello flushes and register answers stay on {@code node-commands}
 *                           (docs/reliability.md, "Fast deliveries")
 */
public record StateRules(int maxChannels, int maxChannelsPerUaid, boolean storeOffline, boolean fastDeliveries) {
    public static final int DEFAULT_MAX_CHANNELS = 200;
    public static final int DEFAULT_MAX_CHANNELS_PER_UAID = 5_000;
    public static final StateRules DEFAULT = new StateRules(DEFAULT_MAX_CHANNELS, DEFAULT_MAX_CHANNELS_PER_UAID);

    /** Keeping updates for offline devices, the default. */
    public StateRules(int maxChannels, int maxChannelsPerUaid) {
        this(maxChannels, maxChannelsPerUaid, true, false);
    }

    /** The same rules in no-store mode ({@code storeOffline} false) or not. */
    public StateRules withStoreOffline(boolean store) {
        return new StateRules(maxChannels, maxChannelsPerUaid, store, fastDeliveries);
    }

    /** The same rules with live deliveries on {@code deliveries} (true) or on {@code node-commands}. */
    public StateRules withFastDeliveries(boolean fast) {
        return new StateRules(maxChannels, maxChannelsPerUaid, storeOffline, fast);
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
