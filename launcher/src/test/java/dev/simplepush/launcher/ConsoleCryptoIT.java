package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser console's Web Push crypto ({@code console/webpush-crypto.js}, as the page loads it)
 * under Node's WebCrypto: {@code src/test/browser/webpush-crypto.test.mjs} decrypts and
 * re-encrypts RFC 8291 Appendix A's example byte for byte, trades messages with an independent
 * implementation on Node's OpenSSL crypto, and verifies the VAPID JWT. No server, no browser, no
 * npm package: only {@code node}. Skipped without it, unless {@code SIMPLEPUSH_REQUIRE_NODE=1} or
 * {@code SIMPLEPUSH_REQUIRE_BROWSER=1} (as CI sets them) makes that a failure.
 */
class ConsoleCryptoIT {
    private static final Path BROWSER_TESTS = Path.of("src/test/browser").toAbsolutePath();

    @Test
    void theConsolesAes128gcmAndVapidMatchRfc8291sExampleAndAnIndependentImplementation() throws Exception {
        boolean required = "1".equals(System.getenv("SIMPLEPUSH_REQUIRE_NODE"))
                || "1".equals(System.getenv("SIMPLEPUSH_REQUIRE_BROWSER"));
        boolean ready = nodeRuns();
        if (required) {
            assertThat(ready).as("node on the PATH (SIMPLEPUSH_REQUIRE_NODE=1)").isTrue();
        }
        assumeTrue(ready, "needs node on the PATH");

        Path log = Files.createTempFile("webpush-crypto", ".log");
        Process node = new ProcessBuilder("node", "--test", "webpush-crypto.test.mjs")
                .directory(BROWSER_TESTS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);

        assertThat(finished).as("node --test finished within 120 s; its output:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("node --test's exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("# fail 0");
        Matcher passed = Pattern.compile("(?m)^# pass (\\d+)$").matcher(output);
        assertThat(passed.find()).as("a pass count in:%n%s", output).isTrue();
        assertThat(Integer.parseInt(passed.group(1))).as("tests passed").isGreaterThanOrEqualTo(10);
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
