package dev.simplepush.launcher.hostile;

import dev.simplepush.launcher.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./simplepush dev} in a JVM of its own, as a user runs it: its own open-file limit (the
 * machine's, 20,000 here), its own file descriptors and memory, read from {@code /proc/<pid>}.
 */
final class DevProcess implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServiceProcess process;
    private final int wsPort;
    private final String gateway;
    private final URI metrics;

    private DevProcess(ServiceProcess process, int wsPort, String gateway, URI metrics) {
        this.process = process;
        this.wsPort = wsPort;
        this.gateway = gateway;
        this.metrics = metrics;
    }

    /** Starts dev mode on free ports with these settings (keys as in docs/configuration.md). */
    static DevProcess start(Path dir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        // These tests attack a running dev mode; its warm-up would only add half a minute to each.
        env.put("SIMPLEPUSH_DEV_WARMUP", "0s");
        settings.forEach((key, value) -> env.put("SIMPLEPUSH_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        ServiceProcess process = ServiceProcess.start(dir, env, "dev", "--data-dir", dir.resolve("data").toString(),
                "--ws-port", "0", "--http-port", "0", "--kafka-port", "0", "--admin-port", "0");
        try {
            int ws = Integer.parseInt(process.awaitLine("devices \\(WebSocket\\):\\s+ws://127\\.0\\.0\\.1:(\\d+)/", START)
                    .group(1));
            String gateway = process.awaitLine("app servers \\(HTTP\\):\\s+(http://127\\.0\\.0\\.1:\\d+)/update", START)
                    .group(1);
            URI metrics = URI.create(process.awaitLine("metrics and health:\\s+(http://127\\.0\\.0\\.1:\\d+/metrics)", START)
                    .group(1));
            process.awaitLine("dev mode is ready", START);
            return new DevProcess(process, ws, gateway, metrics);
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    int wsPort() {
        return wsPort;
    }

    URI deviceUri() {
        return URI.create("ws://127.0.0.1:" + wsPort + "/");
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:1234}. */
    String gateway() {
        return gateway;
    }

    long pid() {
        return process.pid();
    }

    /** Open file descriptors of the process now. */
    long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident memory in KiB, from {@code /proc/<pid>/status}. */
    long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of one metric's samples whose labels contain {@code labels} (e.g. {@code cause="frame"}). */
    double metric(String prometheusName, String labels) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(prometheusName) + "(\\{[^}]*\\})? (\\S+)$")
                    .matcher(body);
            while (matcher.find()) {
                if (labels.isEmpty() || (matcher.group(1) != null && matcher.group(1).contains(labels))) {
                    sum += Double.parseDouble(matcher.group(2));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines of the process's log containing {@code text}. */
    long logLinesContaining(String text) {
        return process.log().lines().filter(line -> line.contains(text)).count();
    }

    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}
