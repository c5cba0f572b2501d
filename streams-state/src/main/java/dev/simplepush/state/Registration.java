package dev.simplepush.state;

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
 */
record Registration(Set<String> channelIds, long lastSeenMillis) {

    Registration {
        channelIds = channelIds == null ? Set.of() : Set.copyOf(channelIds);
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
        return new Registration(more, lastSeenMillis);
    }

    Registration without(String channelId) {
        if (!has(channelId)) {
            return this;
        }
        Set<String> fewer = new HashSet<>(channelIds);
        fewer.remove(channelId);
        return new Registration(fewer, lastSeenMillis);
    }

    Registration seenAt(long millis) {
        return new Registration(channelIds, millis);
    }
}
