package dev.simplepush.launcher;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the JVM alive until Ctrl-C or SIGTERM, then closes what was started, once. */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    /** Prints {@code readyLine} on stdout (scripts and tests wait for it), then waits for a stop. */
    static int runUntilStopped(String name, AutoCloseable service, String readyLine) {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping {}", name);
            try {
                service.close();
            } catch (Exception e) {
                LOG.error("error while stopping {}", name, e);
            } finally {
                closed.countDown();
            }
            LOG.info("{} stopped", name);
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(readyLine);
        System.out.flush();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
