package dev.simplepush.launcher.hostile;

import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * This JVM's open file descriptors (the services run in it, so their sockets count here) and the
 * check that an attack's sockets were all given back.
 */
final class OpenFiles {
    /** Kafka clients and the broker open and close files of their own while a test runs. */
    static final long SLACK = 64;

    private OpenFiles() {
    }

    /** The process's file limit. */
    static long limit() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    }

    static long now() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    /** Waits until the count is back within {@link #SLACK} of {@code baseline}. */
    static void awaitBackTo(long baseline, Duration within) {
        await("open files back to " + baseline + " (+" + SLACK + ")").atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> now() <= baseline + SLACK);
    }
}
