package dev.simplepush.launcher;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own linter, {@code promtool check metrics}, run on a scrape. Tests skip when
 * promtool is not installed, unless {@code SIMPLEPUSH_REQUIRE_PROMTOOL=1} (CI sets it, after
 * installing Debian's {@code prometheus} package), in which case a missing promtool fails.
 */
final class Promtool {
    static final String REQUIRE_ENV = "SIMPLEPUSH_REQUIRE_PROMTOOL";

    /** What promtool said: its exit status and everything it printed. */
    record Result(int exitStatus, String output) {
        boolean passed() {
            return exitStatus == 0 && output.isBlank();
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** The promtool on the PATH; skips the test if there is none and CI does not require it. */
    static Promtool onPathOrSkip() {
        Path found = find();
        if (found == null && "1".equals(System.getenv(REQUIRE_ENV))) {
            throw new AssertionError(REQUIRE_ENV + "=1 but there is no promtool on the PATH"
                    + " (apt-get install prometheus)");
        }
        assumeThat(found).as("promtool on the PATH (Debian package prometheus)").isNotNull();
        return new Promtool(found);
    }

    private static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Pipes {@code exposition} through {@code promtool check metrics}. */
    Result checkMetrics(String exposition) {
        try {
            Process process = new ProcessBuilder(executable.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool check metrics did not finish within 60 s");
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running promtool", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot read promtool's output", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
