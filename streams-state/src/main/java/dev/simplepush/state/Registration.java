package dev.simplepush.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.simplepush.schemas.WakeData;
import java.util.Set;

/**
 * The device row of the {@code registrations} store, keyed by uaid: a uaid that has one is
 * <em>known</em> (spec §3.3: a hello completed with it). Its channels are rows of their own in the
 * {@code channels} store, so this value stays small (at most {@link #MAX_JSON_BYTES}) however many
 * channels the device registers.
 *
 * @param lastSeenMillis   when the device was last seen, by the clock of the node that saw it: a
 *                         hello, a register, or an ack (at most hourly); never a PUT. A uaid unseen
 *                         for {@code state.uaid.ttl} is forgotten
 * @param wake             the wake-up data of the latest hello that carried it well-formed (spec
 *                         §11.2), or null; a later hello without it keeps it. Kept here once per
 *                         device, never per channel
 * @param lastWakeMillis   when streams-state last asked for this device to be woken (spec §11.3),
 *                         0 if never: no second request within {@code wake.min.interval}
 * @param channelCount     how many channel rows the uaid has, for {@code state.max.channels.per.uaid}
 *                         without a scan
 * @param legacyChannelIds the channel ids of a row written before channels had rows of their own
 *                         (JSON {@code channelIds}); null in every row written now.
 *                         {@link DeviceState} moves them to rows when it first reads such a value
 * @param webPush          the mode of the latest completed hello (spec W1.3): true for data mode
 *                         ({@code use_webpush}). Decides what a POST or a PUT becomes (W3.9).
 *                         Omitted from the JSON when false
 * @param push             the counters of the uaid's Web Push queue ({@link PushQueue}), or null
 *                         when it never had a Web Push message. Kept here because every event of
 *                         a device reads this row first: a POST or an ack costs no other read
 */
record Registration(long lastSeenMillis, WakeData wake, long lastWakeMillis, int channelCount,
        @JsonProperty("channelIds") Set<String> legacyChannelIds,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean webPush, PushQueue push) {
    /**
     * The largest value as JSON: last-seen and last-wake times, count and wake data at their
     * longest, the mode and the Web Push counters ({@code StateRecordSizeTest} checks it).
     */
    static final int MAX_JSON_BYTES = WakeData.MAX_JSON_BYTES + 160 + 16 + PushQueue.MAX_JSON_BYTES;

    Registration {
        legacyChannelIds = legacyChannelIds == null ? null : Set.copyOf(legacyChannelIds);
    }

    Registration(long lastSeenMillis, WakeData wake, long lastWakeMillis, int channelCount,
            Set<String> legacyChannelIds) {
        this(lastSeenMillis, wake, lastWakeMillis, channelCount, legacyChannelIds, false, null);
    }

    Registration(long lastSeenMillis, WakeData wake, long lastWakeMillis, int channelCount) {
        this(lastSeenMillis, wake, lastWakeMillis, channelCount, null);
    }

    static Registration empty(long nowMillis) {
        return new Registration(nowMillis, null, 0, 0);
    }

    boolean isLegacy() {
        return legacyChannelIds != null;
    }

    /** The same device with its channels counted instead of listed. */
    Registration withoutLegacyChannels() {
        return new Registration(lastSeenMillis, wake, lastWakeMillis, legacyChannelIds == null ? channelCount
                : legacyChannelIds.size(), null, webPush, push);
    }

    Registration withChannelCount(int count) {
        return new Registration(lastSeenMillis, wake, lastWakeMillis, count, null, webPush, push);
    }

    Registration seenAt(long millis) {
        return new Registration(millis, wake, lastWakeMillis, channelCount, null, webPush, push);
    }

    /** Spec §11.2: well-formed wake data replaces any earlier value; none keeps it. */
    Registration wokenBy(WakeData newWake) {
        return newWake == null ? this
                : new Registration(lastSeenMillis, newWake, lastWakeMillis, channelCount, null, webPush, push);
    }

    /** With {@code millis} as the time of the latest wake request. */
    Registration wakeRequestedAt(long millis) {
        return new Registration(lastSeenMillis, wake, millis, channelCount, null, webPush, push);
    }

    /** Spec W1.3: the mode of the latest completed hello. */
    Registration inMode(boolean dataMode) {
        return new Registration(lastSeenMillis, wake, lastWakeMillis, channelCount, null, dataMode, push);
    }

    /** The Web Push queue's counters, {@link PushQueue#EMPTY} when it never had a message. */
    PushQueue queue() {
        return push == null ? PushQueue.EMPTY : push;
    }

    Registration withQueue(PushQueue queue) {
        return new Registration(lastSeenMillis, wake, lastWakeMillis, channelCount, null, webPush, queue);
    }
}
