package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.simplepush.schemas.config.ConfigSource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser console in a real headless Chromium: {@code src/test/browser/console-e2e.mjs}
 * (playwright-core) opens the console of an in-process dev mode. As a SimplePush device it
 * registers a channel, PUTs from the page and from outside it, and sees both notifications
 * arrive; the page's Web Push crypto reproduces RFC 8291's example in Chromium's WebCrypto; as a
 * Web Push device it makes browser-like subscriptions, and against a scripted node and gateway
 * (Playwright routes) its hello, registers, POST headers, VAPID JWT, ciphertext and acks are
 * checked; against the real server it sends an encrypted POST from its form and shows it
 * decrypted. Each run leaves a screenshot in {@code target/}.
 *
 * <p>Skipped when Debian's Chromium, Node or the script's {@code node_modules} ({@code npm ci} in
 * {@code src/test/browser}) are missing, unless {@code SIMPLEPUSH_REQUIRE_BROWSER=1} (as CI sets
 * it), which turns their absence into a failure.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path BROWSER_TESTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCRIPT = BROWSER_TESTS.resolve("console-e2e.mjs");
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path dataDir;
    private static DevMode dev;

    @BeforeAll
    static void startDevMode() {
        requireBrowser();
        dev = DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, 0), ConfigSource.of(Map.of()));
    }

    @AfterAll
    static void stopDevMode() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void theConsoleInHeadlessChromiumShowsPutsArrivingReproducesRfc8291sExampleAndSpeaksWebPushAsTheContractSays()
            throws Exception {
        assertThat(dev.consoleUrl()).isEqualTo(dev.adminUrl() + "console/");
        runScript("simplepush,crypto,webpush-ui,webpush-mocked", Path.of("target/console-screenshot.png").toAbsolutePath());
    }

    /** Needs the server's Web Push data mode: hello use_webpush, POST on the gateway, messages in streams-state. */
    @Test
    void asAWebPushDeviceTheConsoleShowsAnEncryptedPostFromItsFormAndOneFromAnotherImplementationDecrypted()
            throws Exception {
        runScript("webpush", Path.of("target/console-webpush-screenshot.png").toAbsolutePath());
    }

    private static void runScript(String parts, Path screenshot) throws Exception {
        Files.deleteIfExists(screenshot);
        Path log = Files.createTempFile("console-e2e", ".log");
        Process node = new ProcessBuilder("node", SCRIPT.toString(), dev.consoleUrl(), screenshot.toString(), "--parts=" + parts)
                .directory(BROWSER_TESTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);

        assertThat(finished).as("the browser script finished within %d s; its output:%n%s", TIMEOUT_SECONDS, output).isTrue();
        assertThat(node.exitValue()).as("the browser script's exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("console end-to-end (" + parts.replace(",", ", ") + "): passed");
        assertThat(screenshot).isNotEmptyFile();
    }

    /** Skips, or with {@code SIMPLEPUSH_REQUIRE_BROWSER=1} fails, when something the browser test needs is missing. */
    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Debian's Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        if (!onPath("node")) {
            missing.add("node on the PATH");
        }
        if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core in " + BROWSER_TESTS.resolve("node_modules") + " (npm ci there)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the browser console test needs " + String.join(", ", missing);
        if ("1".equals(System.getenv("SIMPLEPUSH_REQUIRE_BROWSER"))) {
            fail(message + " (SIMPLEPUSH_REQUIRE_BROWSER=1 makes this a failure)");
        }
        Assumptions.abort(message + "; skipped (set SIMPLEPUSH_REQUIRE_BROWSER=1 to fail instead)");
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
}
