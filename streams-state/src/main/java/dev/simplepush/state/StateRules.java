package dev.simplepush.state;

/**
 * The tunable rules the topology applies.
 *
 * @param maxChannels        a hello with more {@code channelIDs} than this drops the uaid's state
 *                           and is answered with a reset (spec §3.3 rule 4, {@code max_channels},
 *                           default 200)
 * @param maxChannelsPerUaid {@code state.max.channels.per.uaid}, default 500 (spec §4.4): channels
 *                           one uaid may hold; a register of a new channel beyond it is answered
 *                           413 "Too many channels" and the socket stays open. Each channel is a
 *                           row of its own, but a hello's flush lists every pending version in one
 *                           record, so the cap is at most {@link #MAX_MAX_CHANNELS_PER_UAID}, where
 *                           the largest flush still fits Kafka's default record size limit
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
    public static final int DEFAULT_MAX_CHANNELS_PER_UAID = 500;
    /** The highest {@code state.max.channels.per.uaid}: a flush of this many fits 1 MB ({@code StateRecordSizeTest}). */
    public static final int MAX_MAX_CHANNELS_PER_UAID = 10_000;
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
        if (maxChannelsPerUaid < 1 || maxChannelsPerUaid > MAX_MAX_CHANNELS_PER_UAID) {
            throw new IllegalArgumentException("maxChannelsPerUaid must be between 1 and " + MAX_MAX_CHANNELS_PER_UAID
                    + ": " + maxChannelsPerUaid);
        }
    }
}
