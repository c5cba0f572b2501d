package dev.simplepush.state;

/**
 * Keys of the per-channel rows: {@code uaid/chid}. A device's rows are contiguous in RocksDB's
 * byte order and found with one prefix scan of {@code uaid/}, so a register, an unregister or an
 * ack writes one small row instead of the device's whole state.
 *
 * <p>The separator cannot occur in a uaid or a channel id (both are valid IDs, spec §0: hex digits
 * and dashes; the processor skips anything else), so one device's prefix never matches another's
 * rows. Channel ids are ASCII, so byte order is channel id order: a flush lists them sorted.
 */
final class StateKeys {
    static final char SEPARATOR = '/';

    private StateKeys() {
    }

    static String channel(String uaid, String channelId) {
        return uaid + SEPARATOR + channelId;
    }

    /** The prefix of every row of {@code uaid}. */
    static String prefix(String uaid) {
        return uaid + SEPARATOR;
    }

    /** Whether {@code key} is a per-channel key rather than a whole-uaid one. */
    static boolean isChannelKey(String key) {
        return key.indexOf(SEPARATOR) >= 0;
    }

    static String uaidOf(String channelKey) {
        return channelKey.substring(0, channelKey.indexOf(SEPARATOR));
    }

    static String channelIdOf(String channelKey) {
        return channelKey.substring(channelKey.indexOf(SEPARATOR) + 1);
    }
}
