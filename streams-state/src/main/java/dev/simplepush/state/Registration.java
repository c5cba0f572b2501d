package dev.simplepush.state;

import dev.simplepush.schemas.WakeData;
import java.util.HashSet;
import java.util.Set;

/**
 * The value of the {@code registrations} store: a uaid that has an entry here is <em>known</em>
 * (spec §3.3: a hello completed with it).
 *
 * @param channelIds     the registered channel ids, exactly as the device sent them
 * @param lastSeenMillis when a hello last completed with this uaid; kept for the pending-TTL and
 *                       expiry work that will read it (not used for decisions yet)
 * @param wake           the wake-up data of the latest hello that carried it well-formed (spec
 *                       §11.2), or null; a later hello without it keeps it
 */
record Registration(Set<String> channelIds, long lastSeenMillis, WakeData wake) {

    Registration {
        channelIds = channelIds == null ? Set.of() : Set.copyOf(channelIds);
    }

    Registration(Set<String> channelIds, long lastSeenMillis) {
        this(channelIds, lastSeenMillis, null);
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
        return new Registration(more, lastSeenMillis, wake);
    }

    Registration without(String channelId) {
        if (!has(channelId)) {
            return this;
        }
        Set<String> fewer = new HashSet<>(channelIds);
        fewer.remove(channelId);
        return new Registration(fewer, lastSeenMillis, wake);
    }

    Registration seenAt(long millis) {
        return new Registration(channelIds, millis, wake);
    }

    /** Spec §11.2: well-formed wake data replaces any earlier value; none keeps it. */
    Registration wokenBy(WakeData newWake) {
        return newWake == null ? this : new Registration(channelIds, lastSeenMillis, newWake);
    }
}
