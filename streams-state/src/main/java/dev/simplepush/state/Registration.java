package dev.simplepush.state;

import dev.simplepush.schemas.WakeData;
import java.util.HashSet;
import java.util.Set;

/**
 * The value of the {@code registrations} store: a uaid that has an entry here is <em>known</em>
 * (spec §3.3: a hello completed with it).
 *
 * @param channelIds     the registered channel ids, exactly as the device sent them
 * @param lastSeenMillis when the device was last seen, by the clock of the node that saw it: a
 *                       hello, a register, or an ack (at most hourly); never a PUT. A uaid unseen
 *                       for {@code state.uaid.ttl} is forgotten
 * @param wake           the wake-up data of the latest hello that carried it well-formed (spec
 *                       §11.2), or null; a later hello without it keeps it
 * @param lastWakeMillis when streams-state last asked for this device to be woken (spec §11.3),
 *                       0 if never (or written before waking existed): no second request within
 *                       {@code wake.min.interval}
 */
record Registration(Set<String> channelIds, long lastSeenMillis, WakeData wake, long lastWakeMillis) {

    Registration {
        channelIds = channelIds == null ? Set.of() : Set.copyOf(channelIds);
    }

    Registration(Set<String> channelIds, long lastSeenMillis) {
        this(channelIds, lastSeenMillis, null);
    }

    Registration(Set<String> channelIds, long lastSeenMillis, WakeData wake) {
        this(channelIds, lastSeenMillis, wake, 0);
    }

    static Registration empty(long nowMillis) {
        return new Registration(Set.of(), nowMillis);
    }

    boolean has(String channelId) {
        return channelIds.contains(channelId);
    }

    Registration with(String channelId) {
        if (has(channelId)) {
            return this;
        }
        Set<String> more = new HashSet<>(channelIds);
        more.add(channelId);
        return new Registration(more, lastSeenMillis, wake, lastWakeMillis);
    }

    Registration without(String channelId) {
        if (!has(channelId)) {
            return this;
        }
        Set<String> fewer = new HashSet<>(channelIds);
        fewer.remove(channelId);
        return new Registration(fewer, lastSeenMillis, wake, lastWakeMillis);
    }

    Registration seenAt(long millis) {
        return new Registration(channelIds, millis, wake, lastWakeMillis);
    }

    /** Spec §11.2: well-formed wake data replaces any earlier value; none keeps it. */
    Registration wokenBy(WakeData newWake) {
        return newWake == null ? this : new Registration(channelIds, lastSeenMillis, newWake, lastWakeMillis);
    }

    /** With {@code millis} as the time of the latest wake request. */
    Registration wakeRequestedAt(long millis) {
        return new Registration(channelIds, lastSeenMillis, wake, millis);
    }
}
