package dev.simplepush.launcher.webpush;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the Web Push ITs need outside the JVM, and the rule for its absence: skipped when missing,
 * unless an environment variable (set by .ci/run) makes the absence a failure.
 */
final class NodeTools {
    /** The npm project with web-push and puppeteer-core ({@code npm ci} there). */
    static final Path WEBPUSH_DIR = Path.of("src", "test", "webpush").toAbsolutePath();
    /** Debian's Firefox ESR; {@code FIREFOX} overrides it. */
    static final Path FIREFOX = Path.of(System.getenv().getOrDefault("FIREFOX", "/usr/bin/firefox-esr"));

    private NodeTools() {
    }

    /** node and {@code npm ci} in {@link #WEBPUSH_DIR}; {@code SIMPLEPUSH_REQUIRE_NODE=1} fails without them. */
    static void requireWebPushLibrary() {
        List<String> missing = new ArrayList<>();
        addNodeAndModule(missing, "web-push");
        require(missing, "SIMPLEPUSH_REQUIRE_NODE", "the web-push library test");
    }

    /** {@link #requireWebPushLibrary()} plus puppeteer-core and Firefox ESR; {@code SIMPLEPUSH_REQUIRE_FIREFOX=1} fails without them. */
    static void requireFirefox() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(FIREFOX)) {
            missing.add("Firefox ESR at " + FIREFOX + " (apt-get install firefox-esr)");
        }
        addNodeAndModule(missing, "web-push");
        addNodeAndModule(missing, "puppeteer-core");
        require(missing, "SIMPLEPUSH_REQUIRE_FIREFOX", "the Firefox Web Push test");
    }

    private static void addNodeAndModule(List<String> missing, String module) {
        if (!onPath("node") && !missing.contains("node on the PATH")) {
            missing.add("node on the PATH");
        }
        if (!Files.isDirectory(WEBPUSH_DIR.resolve("node_modules").resolve(module))) {
            missing.add(module + " in " + WEBPUSH_DIR.resolve("node_modules") + " (npm ci there)");
        }
    }

    private static void require(List<String> missing, String variable, String what) {
        if (missing.isEmpty()) {
            return;
        }
        String message = what + " needs " + String.join(", ", missing);
        if ("1".equals(System.getenv(variable))) {
            fail(message + " (" + variable + "=1 makes this a failure)");
        }
        Assumptions.abort(message + "; skipped (set " + variable + "=1 to fail instead)");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Ends {@code process} and everything it started (Firefox under node), waiting a little. */
    static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
