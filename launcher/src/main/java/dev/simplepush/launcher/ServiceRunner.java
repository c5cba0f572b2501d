package dev.simplepush.launcher;

import dev.simplepush.launcher.admin.AdminConfig;
import dev.simplepush.launcher.admin.Monitoring;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.config.ConfigSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the JVM alive until Ctrl-C or SIGTERM, then closes what was started, once. */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    /** A started service and what the runner needs of it. */
    record Started(AutoCloseable service, Supplier<Health> health, String readyLine) {
    }

    /**
     * Runs one service with its own admin server (metrics, health): the admin server starts
     * first, so probes see "starting" while the service starts, and stops last.
     *
     * @param start starts the service with the registry its meters go to
     */
    static int runWithMonitoring(String name, ConfigSource settings, Function<Monitoring, Started> start) {
        Monitoring monitoring = Monitoring.start(AdminConfig.from(settings), List.of(name));
        Started started;
        try {
            started = start.apply(monitoring);
        } catch (RuntimeException e) {
            monitoring.close();
            throw e;
        }
        monitoring.watch(name, started.health());
        if (monitoring.url() != null) {
            System.out.println("simplepush " + name + " admin: " + monitoring.url() + " (metrics, health/live, health/ready)");
        }
        AutoCloseable serviceThenMonitoring = () -> {
            try {
                started.service().close();
            } finally {
                monitoring.close();
            }
        };
        return runUntilStopped(name, serviceThenMonitoring, started.readyLine());
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
