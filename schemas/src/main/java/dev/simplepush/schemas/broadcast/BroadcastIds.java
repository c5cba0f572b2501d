package dev.simplepush.schemas.broadcast;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a broadcast id and version may be, as Megaphone checks them: the id is
 * {@code <broadcaster>/<channel>}, the broadcaster 1 to 64 and the channel 1 to 128 characters of
 * the URL-safe base64 alphabet ({@code A-Z a-z 0-9 - _}); a version is 1 to 200 ASCII characters.
 * Shared by the HTTP API and the CLI, so both refuse the same input.
 */
public final class BroadcastIds {
    public static final int MAX_BROADCASTER_LENGTH = 64;
    public static final int MAX_CHANNEL_LENGTH = 128;
    /** The longest valid id: broadcaster, slash, channel. */
    public static final int MAX_ID_LENGTH = MAX_BROADCASTER_LENGTH + 1 + MAX_CHANNEL_LENGTH;
    public static final int MAX_VERSION_LENGTH = 200;
    private static final Pattern URLSAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private BroadcastIds() {
    }

    /** Whether {@code broadcaster} is a valid broadcaster id. */
    public static boolean validBroadcaster(String broadcaster) {
        return broadcaster != null && broadcaster.length() <= MAX_BROADCASTER_LENGTH
                && URLSAFE.matcher(broadcaster).matches();
    }

    /** Whether {@code channel} is a valid channel id of a broadcaster. */
    public static boolean validChannel(String channel) {
        return channel != null && channel.length() <= MAX_CHANNEL_LENGTH && URLSAFE.matcher(channel).matches();
    }

    /** Whether {@code id} is {@code <broadcaster>/<channel>}, both valid. */
    public static boolean validId(String id) {
        if (id == null) {
            return false;
        }
        int slash = id.indexOf('/');
        return slash > 0 && validBroadcaster(id.substring(0, slash)) && validChannel(id.substring(slash + 1));
    }

    /** Whether {@code version} is 1 to 200 ASCII characters. */
    public static boolean validVersion(String version) {
        if (version == null || version.isEmpty() || version.length() > MAX_VERSION_LENGTH) {
            return false;
        }
        for (int i = 0; i < version.length(); i++) {
            if (version.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The broadcaster of a valid id. */
    public static String broadcasterOf(String id) {
        return id.substring(0, id.indexOf('/'));
    }

    /** Why {@code id} and {@code version} cannot be set, in Megaphone's words; empty if they can. */
    public static Optional<String> problem(String id, String version) {
        if (id == null || id.indexOf('/') <= 0 || !validBroadcaster(broadcasterOf(id))) {
            return Optional.of("Invalid broadcasterID (must be URL safe base64, <= 64 characters)");
        }
        if (!validChannel(id.substring(id.indexOf('/') + 1))) {
            return Optional.of("Invalid bchannelID (must be URL safe base64, <= 128 characters)");
        }
        if (!validVersion(version)) {
            return Optional.of("Invalid Version (must be ASCII, <= 200 characters)");
        }
        return Optional.empty();
    }
}
