package dev.simplepush.schemas;

import java.util.Objects;

/**
 * What a service says about itself to a health probe.
 *
 * @param live   the process is doing its work or can recover by itself; false means restart it
 * @param ready  it serves traffic now (implies live); false means send nothing to it yet
 * @param detail a short human-readable reason, e.g. {@code "Streams REBALANCING"}
 */
public record Health(boolean live, boolean ready, String detail) {

    public Health {
        Objects.requireNonNull(detail, "detail");
        if (ready && !live) {
            throw new IllegalArgumentException("ready implies live: " + detail);
        }
    }

    /** Live and ready. */
    public static Health ready(String detail) {
        return new Health(true, true, detail);
    }

    /** Live but not ready: starting, rebalancing, catching up. */
    public static Health notReady(String detail) {
        return new Health(true, false, detail);
    }

    /** Neither: stopped or failed for good. */
    public static Health down(String detail) {
        return new Health(false, false, detail);
    }
}
