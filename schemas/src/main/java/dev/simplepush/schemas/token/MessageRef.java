package dev.simplepush.schemas.token;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a Web Push message id names (spec W4.4): one message of one channel, by a unique id, by its
 * topic (so the id is the same for every message of that topic, spec W4.6), or by the version of
 * a SimplePush PUT delivered to a data-mode device (spec W3.9).
 *
 * @param uaid      the device
 * @param channelId the channel
 * @param kind      what {@code key} is
 * @param key       the unique id, topic or version: 1–64 characters of the base64url alphabet
 */
public record MessageRef(String uaid, String channelId, Kind kind, String key) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Tagged by one character in the sealed text; never renumber. */
    public enum Kind {
        UNIQUE('u'), TOPIC('t'), VERSION('v');

        private final char tag;

        Kind(char tag) {
            this.tag = tag;
        }

        char tag() {
            return tag;
        }

        static Kind ofTag(char tag) {
            for (Kind kind : values()) {
                if (kind.tag == tag) {
                    return kind;
                }
            }
            return null;
        }
    }

    public MessageRef {
        Objects.requireNonNull(kind, "kind");
        if (uaid == null || uaid.isEmpty() || uaid.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a uaid is not empty and has no '.'");
        }
        if (channelId == null || channelId.isEmpty()) {
            throw new IllegalArgumentException("a channel id is not empty");
        }
        // The key is split off at the last '.', so it must not hold one.
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a message key is 1–64 base64url characters");
        }
    }

    public static MessageRef topic(String uaid, String channelId, String topic) {
        return new MessageRef(uaid, channelId, Kind.TOPIC, topic);
    }

    public static MessageRef unique(String uaid, String channelId, String uniqueId) {
        return new MessageRef(uaid, channelId, Kind.UNIQUE, uniqueId);
    }

    public static MessageRef version(String uaid, String channelId, long version) {
        return new MessageRef(uaid, channelId, Kind.VERSION, Long.toString(version));
    }

    public EndpointAddress address() {
        return new EndpointAddress(uaid, channelId);
    }
}
