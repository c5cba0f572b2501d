package dev.simplepush.launcher.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Firefox ESR, headless, driven over WebDriver BiDi by {@code src/test/webpush/firefox-driver.mjs}
 * (puppeteer-core): one node process for the whole test, Firefox launched and quit inside it as
 * often as the test needs, always with the same profile directory. Everything Firefox and the
 * page print goes to a log file, shown when a command fails.
 */
final class FirefoxDriver implements AutoCloseable {
    private static final String ANSWER = "DRIVER ";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Process node;
    private final Writer commands;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private FirefoxDriver(Process node, Path log) {
        this.node = node;
        this.log = log;
        this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "firefox-driver-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the driver script (not yet Firefox); {@code log} collects Firefox's and the page's output. */
    static FirefoxDriver start(Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "firefox-driver.mjs").directory(NodeTools.WEBPUSH_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("FIREFOX", NodeTools.FIREFOX.toString());
        builder.environment().put("FIREFOX_PUSH_DEBUG", "1");
        return new FirefoxDriver(builder.start(), log);
    }

    /** Launches Firefox on {@code profile} with its push service pointed at {@code pushServer}; returns its version. */
    String launch(Path profile, String pushServer) {
        return command(Map.of("cmd", "launch", "profile", profile.toString(), "serverUrl", pushServer)).path("version").asText();
    }

    /** {@link #launch(Path, String)} with Firefox's Remote Settings at {@code remoteSettings} ({@link RemoteSettingsStub#url()}). */
    String launch(Path profile, String pushServer, String remoteSettings) {
        return command(Map.of("cmd", "launch", "profile", profile.toString(), "serverUrl", pushServer, "remoteSettingsUrl", remoteSettings))
                .path("version").asText();
    }

    void open(String url) {
        command(Map.of("cmd", "open", "url", url));
    }

    /** {@code pushManager.subscribe()} with {@code applicationServerKey}; returns {@code PushSubscription.toJSON()}. */
    JsonNode subscribe(String applicationServerKey) {
        return command(Map.of("cmd", "subscribe", "key", applicationServerKey));
    }

    /** {@code pushManager.getSubscription()}'s JSON, or a JSON null. */
    JsonNode currentSubscription() {
        return command(Map.of("cmd", "current"));
    }

    /** {@code PushSubscription.unsubscribe()}'s result. */
    boolean unsubscribe() {
        return command(Map.of("cmd", "unsubscribe")).asBoolean(false);
    }

    /** Quits Firefox as a user would; the profile stays. */
    void quit() {
        command(Map.of("cmd", "quit"));
    }

    /** What Firefox, the page and the driver printed so far. */
    String log() {
        return NodeTools.read(log);
    }

    private JsonNode command(Map<String, String> command) {
        JsonNode answer;
        try {
            commands.write(Json.MAPPER.writeValueAsString(command) + "\n");
            commands.flush();
            answer = answers.poll(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("cannot send " + command.get("cmd") + " to the driver: " + e + "\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + command.get("cmd"), e);
        }
        if (answer == null) {
            throw new AssertionError("no answer to " + command.get("cmd") + " within " + COMMAND_TIMEOUT.toSeconds() + " s\n" + log());
        }
        if (!answer.path("ok").asBoolean()) {
            throw new AssertionError(command.get("cmd") + " failed: " + answer.path("error").asText() + "\n" + log());
        }
        return answer.path("result");
    }

    private void readAnswers() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    answers.add(Json.MAPPER.readTree(line.substring(ANSWER.length())));
                } else {
                    out.write(line + "\n");
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The driver is gone; a waiting command times out and shows the log.
        }
    }

    /** Asks the driver to close Firefox and exit; ends both by force if they do not. */
    @Override
    public void close() {
        try {
            commands.write("{\"cmd\":\"exit\"}\n");
            commands.flush();
            if (node.waitFor(30, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // Already gone or going: fall through to the forced end.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NodeTools.destroyTree(node);
    }
}
