package dev.simplepush.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code simplepush} subcommand in a JVM of its own, on this test's class path, so it can be
 * stopped with a real signal. Its stdout is read line by line; its stderr goes to a log file.
 * Public for the hostile-client suite, which watches such a process's files and memory.
 */
public final class ServiceProcess implements AutoCloseable {
    /** How often a wait for a line checks whether the process has ended, so that an exit fails it at once. */
    private static final Duration EXIT_CHECK = Duration.ofSeconds(1);
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readStdout, "stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A deployment's settings as the environment of a process of its own, without what is
     * per-process (listen addresses of gateway and node, the state directory).
     */
    public static Map<String, String> environmentOf(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith("gateway.") && !key.startsWith("node.listen") && !key.equals("state.dir")) {
                env.put("SIMPLEPUSH_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value);
            }
        });
        return env;
    }

    public static ServiceProcess start(Path logDir, Map<String, String> env, String... args) {
        return startWithHeap(logDir, env, "256m", args);
    }

    /** With a heap of {@code maxHeap} ({@code -Xmx}), e.g. for dev mode, which also runs a broker. */
    public static ServiceProcess startWithHeap(Path logDir, Map<String, String> env, String maxHeap, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dorg.jboss.logging.provider=slf4j",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path log = logDir.resolve(args[0] + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SIMPLEPUSH_"));
        builder.environment().putAll(env);
        try {
            return new ServiceProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a stdout line matching {@code regex} and returns its match. */
    public Matcher awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? stdout.poll(Math.min(left, EXIT_CHECK.toNanos()), TimeUnit.NANOSECONDS) : null;
                if (line == null && left > 0 && process.isAlive()) {
                    continue;
                }
                if (line == null && !process.isAlive()) {
                    // Ended: what it printed last may still be on its way from the reader thread.
                    line = stdout.poll(EXIT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (line == null) {
                    throw new AssertionError("no line matching " + regex + " within " + timeout
                            + (process.isAlive() ? "" : "; exited with " + process.exitValue()) + "; log:\n" + logTail());
                }
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The process id, e.g. for a tool that kills it itself. */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then the exit code once the process has ended. */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not stop within " + timeout + " of SIGTERM; log:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs; returns once the process is gone. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still alive " + timeout + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The whole log so far (stderr). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The file its stderr (the log) goes to. */
    Path logFile() {
        return log;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
