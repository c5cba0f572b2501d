package dev.simplepush.schemas;

/**
 * One update of one channel, as sent to a device in a {@code notification} and acked by it.
 *
 * @param channelId the channel id exactly as the device registered it
 * @param version   the version the app server sent
 * @param data      the PUT's data, present only on the live write (spec §9.11), else null
 */
public record Update(String channelId, long version, String data) {
    public static Update of(String channelId, long version) {
        return new Update(channelId, version, null);
    }
}
