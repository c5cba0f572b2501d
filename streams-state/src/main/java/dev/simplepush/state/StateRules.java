package dev.simplepush.state;

/**
 * The tunable rules the topology applies.
 *
 * @param maxChannels a hello with more {@code channelIDs} than this drops the uaid's state and is
 *                    answered with a reset (spec §3.3 rule 4, {@code max_channels}, default 200)
 */
public record StateRules(int maxChannels) {
    public static final int DEFAULT_MAX_CHANNELS = 200;
    public static final StateRules DEFAULT = new StateRules(DEFAULT_MAX_CHANNELS);

    public StateRules {
        if (maxChannels < 0) {
            throw new IllegalArgumentException("maxChannels must not be negative: " + maxChannels);
        }
    }
}
