package dev.simplepush.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second broker away from a log directory that a running one uses. Kafka takes its own
 * {@code .lock} only once the broker part starts, after the controller part has begun appending
 * to the metadata log in that same directory; a second broker would corrupt the first one's log
 * (which then halts its JVM) before failing on the lock. So the check comes first: in this JVM by
 * a set of claimed directories, for other processes by trying Kafka's lock file.
 */
final class DirectoryClaims {
    private static final String KAFKA_LOCK_FILE = ".lock";
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private DirectoryClaims() {
    }

    /** Claims {@code logDir} for one broker of this JVM until {@link #release}. */
    static void claim(Path logDir) {
        Path dir = logDir.toAbsolutePath().normalize();
        if (!CLAIMED.add(dir)) {
            throw new BrokerStartException("the Kafka data directory " + dir
                    + " is locked: another embedded broker in this process uses it");
        }
        try {
            checkNotLockedByAnotherProcess(dir);
        } catch (RuntimeException e) {
            CLAIMED.remove(dir);
            throw e;
        }
    }

    static void release(Path logDir) {
        CLAIMED.remove(logDir.toAbsolutePath().normalize());
    }

    /**
     * Only called for a directory no broker of this JVM holds, so closing the channel (which drops
     * every POSIX lock this process has on the file) cannot free a lock of ours.
     */
    private static void checkNotLockedByAnotherProcess(Path dir) {
        Path lockFile = dir.resolve(KAFKA_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new BrokerStartException("the Kafka data directory " + dir
                        + " is locked: a broker in another process uses it");
            }
            lock.release();
        } catch (IOException e) {
            throw new BrokerStartException("cannot check the lock of the Kafka data directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
