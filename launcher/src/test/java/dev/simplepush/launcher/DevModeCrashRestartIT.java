package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 7: dev mode, a JVM of its own, is killed with SIGKILL while app servers PUT to
 * it, and started again on the same data directory, ten times in a row. Every start must reach
 * ready on the first try, and nothing a PUT was answered 2xx for may be lost: the device, offline
 * throughout the load, gets at least the highest accepted version of each channel when it
 * reconnects.
 *
 * <p>About one round in ten finds a transaction of the killed run left open on some of the
 * partitions streams-state writes (a changelog among them) while its coordinator has moved on;
 * start-up must abort it there, or the restore of that changelog never ends
 * (docs/reliability.md, "Restart after a crash").
 */
class DevModeCrashRestartIT {
    private static final int ROUNDS = 10;
    private static final int CHANNELS = 4;
    /**
     * Per start, only against a hang: dev mode ends a start that stops moving by itself (the
     * embedded broker's start timeout, then state.start.timeout without progress) and exits, which
     * fails the round at once. A start that keeps moving is waited for, however loaded the machine:
     * on the shared 2-core machine at load 36 one took 87 s for the broker alone and over 150 s in all.
     */
    private static final Duration START = Duration.ofMinutes(10);
    private static final Duration LOAD = Duration.ofSeconds(2);
    /** A directory to keep every round's log in (-Dsimplepush.crash.restart.logs=...), for comparing rounds. */
    private static final String KEEP_LOGS = System.getProperty("simplepush.crash.restart.logs");

    private final AppServerClient appServer = new AppServerClient(Duration.ofSeconds(5));

    @Test
    void devModeKilledUnderLoadStartsOnTheFirstTryTenTimesAndLosesNothingAccepted(@TempDir Path dataDir,
            @TempDir Path logs) throws Exception {
        String uaid = null;
        List<String> tokens = new ArrayList<>();
        Map<Integer, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong versions = new AtomicLong();
        for (int round = 1; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            ServiceProcess dev = ServiceProcess.startWithHeap(logs, Map.of("SIMPLEPUSH_DEV_WARMUP", "0s"), "512m", "dev", "--data-dir", dataDir.toString(),
                    "--ws-port", "0", "--http-port", "0", "--kafka-port", "0", "--admin-port", "-1");
            try {
                URI ws = URI.create(dev.awaitLine("devices \\(WebSocket\\):\\s+(\\S+)", START).group(1));
                String base = dev.awaitLine("app servers \\(HTTP\\):\\s+(\\S+)/update/", START).group(1);
                dev.awaitLine("SimplePush dev mode is ready", START);
                // Each start's length, for the report in docs/reliability.md.
                System.out.printf("round %d: ready %.1f s after the process started%n", round,
                        (System.nanoTime() - started) / 1e9);

                try (DeviceClient device = DeviceClient.connect(ws)) {
                    if (uaid == null) {
                        uaid = device.hello(null);
                        for (int channel = 0; channel < CHANNELS; channel++) {
                            String endpoint = device.register(channelId(channel));
                            tokens.add(endpoint.substring(endpoint.lastIndexOf('/') + 1));
                        }
                    } else {
                        assertThat(device.hello(uaid)).as("round %d: the same uaid", round).isEqualTo(uaid);
                        Map<String, Long> flushed = flush(device);
                        for (var entry : accepted.entrySet()) {
                            assertThat(flushed.get(channelId(entry.getKey())))
                                    .as("round %d: channel %d, accepted up to version %d", round, entry.getKey(),
                                            entry.getValue())
                                    .isNotNull().isGreaterThanOrEqualTo(entry.getValue());
                        }
                        flushed.forEach(device::ack);
                        accepted.clear();
                    }
                    device.ping();
                }
                // The device is offline: every PUT is stored, and the kill lands in the middle of them.
                AtomicBoolean running = new AtomicBoolean(true);
                Thread load = new Thread(() -> put(base, tokens, versions, accepted, running), "load-" + round);
                load.start();
                Thread.sleep(LOAD.toMillis());
                dev.kill(Duration.ofSeconds(30));
                running.set(false);
                load.join(Duration.ofSeconds(30).toMillis());
                assertThat(accepted).as("round %d: PUTs accepted before the kill", round).isNotEmpty();
            } catch (AssertionError | RuntimeException e) {
                // The whole log, for the cause: the tail shows only where it stopped.
                Path kept = Path.of("target", "DevModeCrashRestartIT-round-" + round + ".log");
                Files.copy(dev.logFile(), kept, StandardCopyOption.REPLACE_EXISTING);
                throw new AssertionError("round " + round + ": " + e.getMessage() + "\nwhole log in " + kept
                        + "; tail:\n" + dev.logTail(), e);
            } finally {
                dev.close();
                if (KEEP_LOGS != null) {
                    Files.createDirectories(Path.of(KEEP_LOGS));
                    Files.copy(dev.logFile(), Path.of(KEEP_LOGS, "round-" + round + ".log"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** PUTs a new version to each channel in turn until stopped, noting the highest answered 2xx. */
    private void put(String base, List<String> tokens, AtomicLong versions, Map<Integer, Long> accepted,
            AtomicBoolean running) {
        for (int i = 0; running.get(); i++) {
            int channel = i % tokens.size();
            long version = versions.incrementAndGet();
            try {
                int status = appServer.putVersion(base + "/update/" + tokens.get(channel), version).status();
                if (status / 100 == 2) {
                    accepted.merge(channel, version, Math::max);
                }
            } catch (RuntimeException e) {
                // The kill: connection refused or reset. Not accepted, so nothing to keep.
            }
        }
    }

    /** The notifications right after hello: channel to version, until a quiet second. */
    private static Map<String, Long> flush(DeviceClient device) {
        Map<String, Long> versions = new HashMap<>();
        for (Update update : device.receiveNotification()) {
            versions.merge(update.channelId(), update.version(), Math::max);
        }
        return versions;
    }

    private static String channelId(int channel) {
        return "00000000-0000-4000-8000-00000000000" + channel;
    }
}
