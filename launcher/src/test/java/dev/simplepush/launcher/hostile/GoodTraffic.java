package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The well-behaved pair an attack must not hurt: a connected device with one channel, and an app
 * server PUTting versions 1, 2, 3, … to it one after the other, timing each answer. After
 * {@link #stop()}, {@link #assertServedWell()} checks every PUT was delivered (200), the device
 * received every version, and the PUTs' 99th percentile stayed under a second.
 */
final class GoodTraffic implements AutoCloseable {
    static final Duration P99_BOUND = Duration.ofSeconds(1);

    private final DeviceClient device;
    private final String channelId = UUID.randomUUID().toString();
    private final String endpoint;
    private final AppServerClient appServer = new AppServerClient(Duration.ofSeconds(15));
    private final List<Long> latencyNanos = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final Thread putter;
    private volatile boolean running = true;
    private volatile long lastVersion;

    private GoodTraffic(Deployment deployment, Duration interval) {
        device = DeviceClient.connect(deployment.node(0));
        device.hello(null);
        endpoint = device.register(channelId);
        putter = new Thread(() -> putUntilStopped(interval), "good-app-server");
        putter.setDaemon(true);
        putter.start();
    }

    /** Starts PUTting every {@code interval} to a freshly connected device of node 0. */
    static GoodTraffic start(Deployment deployment, Duration interval) {
        return new GoodTraffic(deployment, interval);
    }

    private void putUntilStopped(Duration interval) {
        while (running) {
            long version = lastVersion + 1;
            long started = System.nanoTime();
            int status = appServer.putVersion(endpoint, version).status();
            latencyNanos.add(System.nanoTime() - started);
            statuses.add(status);
            lastVersion = version;
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Lets the traffic run for {@code duration} without an attack, then forgets those timings and
     * returns their p99: the same machine's figure to read the attack's against (the first PUTs
     * of a fresh deployment also pay for producer metadata and Streams' warm-up).
     */
    Duration control(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        Duration p99 = p99();
        latencyNanos.clear();
        return p99;
    }

    void stop() throws InterruptedException {
        running = false;
        putter.join(30_000);
    }

    Duration p99() {
        List<Long> sorted = new ArrayList<>(latencyNanos);
        sorted.sort(null);
        return Duration.ofNanos(sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    }

    /** One line for the test's output: the figures docs/reliability.md quotes. */
    String summary(Duration control) {
        return "good PUTs: control p99 " + control.toMillis() + " ms; under attack " + latencyNanos.size()
                + " PUTs, p99 " + p99().toMillis() + " ms, max " + max().toMillis() + " ms";
    }

    Duration max() {
        return Duration.ofNanos(latencyNanos.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    /** Every PUT got 200, the device has every version, and p99 stayed under {@link #P99_BOUND}. */
    void assertServedWell() {
        assertThat(statuses).as("the good app server's PUTs").isNotEmpty().allMatch(status -> status == 200);
        Set<Long> received = new TreeSet<>();
        while (received.size() < lastVersion) {
            for (Update update : device.receiveNotification(Duration.ofSeconds(10))) {
                received.add(update.version());
            }
        }
        device.ack(channelId, lastVersion);
        assertThat(received).as("versions the good device received").hasSize((int) lastVersion)
                .first().isEqualTo(1L);
        assertThat(p99()).as("p99 of %d good PUTs during the attack (max %s)", latencyNanos.size(), max())
                .isLessThan(P99_BOUND);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        device.close();
    }
}
