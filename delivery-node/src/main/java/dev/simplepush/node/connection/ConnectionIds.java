package dev.simplepush.node.connection;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids unique across restarts of a node: a random prefix per process plus a counter.
 * streams-state uses them to tell an old connection of a uaid from a new one, so an id must never
 * be reused after a restart (a counter alone would be).
 */
public final class ConnectionIds {
    private final String incarnation;
    private final AtomicLong counter = new AtomicLong();

    public ConnectionIds() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.incarnation = HexFormat.of().formatHex(random);
    }

    /**
     * Random per process start: every id of this process starts with it and a dash. Delivery
     * nodes put it in their heartbeats, so streams-state can tell presence naming an older
     * process of the same node id.
     */
    public String incarnation() {
        return incarnation;
    }

    public String next() {
        return incarnation + "-" + Long.toString(counter.incrementAndGet(), 36);
    }
}
