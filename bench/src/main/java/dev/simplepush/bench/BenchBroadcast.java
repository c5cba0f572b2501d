package dev.simplepush.bench;

import java.net.URI;
import java.time.Duration;

/**
 * The broadcast scenario's settings: every device subscribes to {@code id} in its hello (as
 * Firefox does with {@code remote-settings/monitor_changes}); during the measured time the first
 * bench process sets a new version every {@code every} through the gateway's Megaphone-compatible
 * API. The version is the PUT's wall-clock time in epoch milliseconds, quoted as Firefox's are,
 * so every process can time PUT → arrival from the frame alone.
 *
 * @param id      the broadcast id, e.g. {@code bench/fanout}
 * @param gateway the gateway's base URL, e.g. {@code http://127.0.0.1:8081}
 * @param token   a bearer token of the id's broadcaster ({@code broadcast.tokens})
 * @param every   how often a new version is set; the first is set one interval into the measured
 *                time, so that interval is a baseline without fan-out
 * @param window  how long after a set the notifications count as "during the fan-out"
 */
record BenchBroadcast(String id, URI gateway, String token, Duration every, Duration window) {
    /** Subscribes to nothing and sets nothing. */
    static final BenchBroadcast NONE = new BenchBroadcast(null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(2));

    boolean enabled() {
        return id != null;
    }

    /** The version of a set at {@code epochMillis}. */
    static String version(long epochMillis) {
        return "\"" + epochMillis + "\"";
    }

    /** The epoch millis of a version this bench set, or -1 for any other. */
    static long setAt(String version) {
        if (version == null || version.length() < 3 || version.charAt(0) != '"'
                || version.charAt(version.length() - 1) != '"') {
            return -1;
        }
        try {
            return Long.parseLong(version.substring(1, version.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
