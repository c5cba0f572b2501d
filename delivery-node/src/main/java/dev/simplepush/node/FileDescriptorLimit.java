package dev.simplepush.node;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's open-file limit, from which the default {@code node.max.connections} is derived:
 * every socket is a file descriptor, and a process out of them fails far from the listener (a
 * Kafka client cannot open a connection; in dev mode the embedded broker cannot open a log
 * segment and halts).
 */
public final class FileDescriptorLimit {
    private FileDescriptorLimit() {
    }

    /** The soft limit on open files of this process, or 0 where the JVM cannot tell (not Unix). */
    public static long ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Math.max(0, unix.getMaxFileDescriptorCount());
        }
        return 0;
    }

    /** Files this process has open now, or -1 where the JVM cannot tell. */
    public static long openNow() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /**
     * Device connections that leave {@code reserve} descriptors to everything else, after the
     * listener's accept headroom above the limit (see {@code TransportLimits#acceptHighWater}).
     * 0 (no limit) when the limit is unknown; never below a quarter of the limit, so a reserve
     * larger than a small limit still leaves the node some connections.
     */
    public static int defaultMaxConnections(long limit, int reserve) {
        if (limit <= 0) {
            return 0;
        }
        long budget = Math.max(limit / 4, limit - reserve);
        long max = budget - Math.max(32, budget / 50);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, max));
    }
}
