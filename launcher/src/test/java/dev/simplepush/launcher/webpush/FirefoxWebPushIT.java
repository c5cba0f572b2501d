package dev.simplepush.launcher.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.DevMode;
import dev.simplepush.launcher.conformance.WebPushChecklist;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.testing.webpush.VapidKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec W8 item 31: a real browser. Debian's Firefox ESR, headless, driven over WebDriver BiDi by
 * puppeteer-core ({@link FirefoxDriver}), with its push service pointed at dev mode's delivery
 * node. A page from {@link TestSite} subscribes with an applicationServerKey; the npm package
 * web-push ({@link WebPushSender}) encrypts and VAPID-signs; the service worker reports its push
 * event's {@code event.data} back to the test, which compares bytes: live in both encodings, then
 * sent while Firefox is closed and delivered after it restarts on the same profile; after
 * {@code unsubscribe()} a POST is 410.
 *
 * <p>Broadcasts (issue 18, spec W6): Firefox's Remote Settings listens to
 * {@code remote-settings/monitor_changes}; versions set through the gateway's broadcast API reach
 * it when it subscribes, live, and in the hello reply after a restart, and it keeps the last one in
 * its profile's {@code broadcast-listeners.json}.
 *
 * <p>Skipped without Firefox ESR, node or {@code npm ci} in {@code src/test/webpush}, unless
 * {@code SIMPLEPUSH_REQUIRE_FIREFOX=1} (as in CI) makes that a failure. Firefox's and the page's
 * output (push service at debug level) is in {@code target/firefox-webpush.log}, and
 * {@code target/firefox-broadcast.log} for the broadcast test.
 */
class FirefoxWebPushIT {
    private static final Path LOG = Path.of("target", "firefox-webpush.log").toAbsolutePath();
    private static final Path BROADCAST_LOG = Path.of("target", "firefox-broadcast.log").toAbsolutePath();
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** Remote Settings registers its listener among Firefox's late idle tasks: after 20 s without user input. */
    private static final Duration LISTENER_REGISTERED = Duration.ofSeconds(120);
    private static final String REMOTE_SETTINGS = "remote-settings/monitor_changes";
    private static final String BROADCAST_TOKEN = "remote-settings-firefox-it-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int AES128GCM_MAX_PLAINTEXT = 4096 - 86 - 1 - 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    @WebPushChecklist(31)
    @DisplayName("W8.31 Firefox subscribes with an applicationServerKey and its service worker gets the web-push library's bytes live, after a restart, and not after unsubscribe")
    void firefoxSubscribesWithAnApplicationServerKeyAndItsServiceWorkerGetsTheLibrarysBytesLiveAfterARestartAndNotAfterUnsubscribe(
            @TempDir Path dataDir, @TempDir Path profile) throws Exception {
        NodeTools.requireFirefox();
        Files.deleteIfExists(LOG);
        Files.createFile(LOG);
        VapidKeys vapid = VapidKeys.generate();
        WebPushSender appServer = new WebPushSender(vapid);

        try (DevMode dev = WebPushDevMode.start(dataDir); TestSite site = TestSite.start(); FirefoxDriver firefox = FirefoxDriver.start(LOG)) {
            String version = firefox.launch(profile, dev.deviceUrl());
            assertThat(version).startsWith("firefox/");
            firefox.open(site.url());

            JsonNode subscription = firefox.subscribe(vapid.publicKey());
            assertThat(subscription.path("endpoint").asText()).startsWith(dev.endpointBase() + "/update/");
            // Keys exist only when our hello reply put Firefox's push service in data mode (W1.1).
            assertThat(Base64Url.decode(subscription.path("keys").path("p256dh").asText())).as("p256dh of %s", subscription)
                    .hasValueSatisfying(key -> assertThat(key).hasSize(65));
            assertThat(Base64Url.decode(subscription.path("keys").path("auth").asText())).as("auth of %s", subscription)
                    .hasValueSatisfying(auth -> assertThat(auth).hasSize(16));
            Map<String, Object> json = Json.MAPPER.convertValue(subscription, Map.class);

            byte[] live = random(AES128GCM_MAX_PLAINTEXT);
            assertThat(appServer.send(json, live, "aes128gcm", 600).status()).isEqualTo(201);
            assertThat(site.awaitPush(DELIVERY).data()).as("event.data, live, aes128gcm of a 4096-byte body").isEqualTo(live);

            byte[] legacy = random(1000);
            assertThat(appServer.send(json, legacy, "aesgcm", 600).status()).isEqualTo(201);
            assertThat(site.awaitPush(DELIVERY).data()).as("event.data, live, aesgcm").isEqualTo(legacy);

            firefox.quit();
            byte[] whileClosed = random(2000);
            assertThat(appServer.send(json, whileClosed, "aes128gcm", 600).status()).isEqualTo(201);
            firefox.launch(profile, dev.deviceUrl());
            // No page is open: Firefox's push service reconnects at startup and wakes the worker.
            assertThat(site.awaitPush(DELIVERY).data()).as("event.data, sent while Firefox was closed").isEqualTo(whileClosed);

            firefox.open(site.url());
            assertThat(firefox.currentSubscription().path("endpoint").asText()).isEqualTo(subscription.path("endpoint").asText());
            assertThat(firefox.unsubscribe()).isTrue();
            WebPushSender.Response after = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                    .until(() -> appServer.send(json, random(10), "aes128gcm", 60), r -> r.status() != 201);
            assertThat(after.status()).as("POST after unsubscribe(): %s", after).isEqualTo(410);
            assertThat(site.subscriptionChanges()).as("pushsubscriptionchange events (a new uaid would drop the subscription)").isZero();
        }
    }

    @Test
    @DisplayName("Firefox's Remote Settings is told the remote-settings/monitor_changes versions set through the broadcast API when it subscribes, live, and in the hello after a restart, and keeps the last in its profile")
    void firefoxsRemoteSettingsIsToldTheVersionsSetThroughTheBroadcastApiWhenItSubscribesLiveAndInTheHelloAfterARestart(
            @TempDir Path dataDir, @TempDir Path profile) throws Exception {
        NodeTools.requireFirefox();
        Files.deleteIfExists(BROADCAST_LOG);
        Files.createFile(BROADCAST_LOG);
        // Remote Settings' versions are quoted timestamps; Firefox polls with the timestamp unquoted.
        long now = System.currentTimeMillis();
        String atSubscribe = "\"" + now + "\"";
        String live = "\"" + (now + 1) + "\"";
        String atHello = "\"" + (now + 2) + "\"";

        try (DevMode dev = WebPushDevMode.start(dataDir, Map.of("broadcast.tokens", "remote-settings=" + BROADCAST_TOKEN));
                RemoteSettingsStub remoteSettings = RemoteSettingsStub.start();
                FirefoxDriver firefox = FirefoxDriver.start(BROADCAST_LOG)) {
            assertThat(setBroadcast(dev, atSubscribe)).as("PUT of a new id").isEqualTo(201);
            firefox.launch(profile, dev.deviceUrl(), remoteSettings.url());
            // A new profile's hello has no broadcasts: Remote Settings adds its listener later,
            // and that sends broadcast_subscribe with the version "0", which the node answers.
            awaitHandled(firefox, remoteSettings, profile, atSubscribe, "register", LISTENER_REGISTERED);

            assertThat(setBroadcast(dev, live)).as("PUT of a new version").isEqualTo(200);
            awaitHandled(firefox, remoteSettings, profile, live, "broadcast", DELIVERY);
            firefox.quit();

            assertThat(setBroadcast(dev, atHello)).as("PUT while Firefox is closed").isEqualTo(200);
            firefox.launch(profile, dev.deviceUrl(), remoteSettings.url());
            // The hello carries the version from the file; the reply, the one set meanwhile.
            awaitHandled(firefox, remoteSettings, profile, atHello, "hello", DELIVERY);
        }
    }

    /** PUTs {@code version} to remote-settings/monitor_changes through the gateway's API; returns the status. */
    private static int setBroadcast(DevMode dev, String version) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dev.endpointBase() + "/v1/broadcasts/" + REMOTE_SETTINGS))
                .header("Authorization", "Bearer " + BROADCAST_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(version))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * Firefox's push service handed {@code version} to Remote Settings' broadcast handler in
     * {@code phase} (its log says so), the handler polled Remote Settings for it, and, that poll
     * done, Firefox recorded it in its profile as the version it has (the next hello's).
     */
    private static void awaitHandled(FirefoxDriver firefox, RemoteSettingsStub remoteSettings, Path profile, String version, String phase,
            Duration timeout) {
        String handled = "Push notification received (version=" + version + " phase=" + phase + ")";
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(firefox.log()).as("Firefox's log").contains(handled));
        String timestamp = version.replace("\"", "");
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(remoteSettings.monitorPolls()).as("_expected of Remote Settings' polls").contains(timestamp));
        // Saved a moment after the change (JSONFile.saveSoon), by a rename, never half-written.
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(listenerVersion(profile)).as("broadcast-listeners.json's version").isEqualTo(version));
    }

    /** The version {@code <profile>/broadcast-listeners.json} records for Remote Settings' listener, or null. */
    private static String listenerVersion(Path profile) throws IOException {
        Path file = profile.resolve("broadcast-listeners.json");
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode listener = Json.MAPPER.readTree(file.toFile()).path("listeners").path(REMOTE_SETTINGS);
        assertThat(listener.path("sourceInfo").path("symbolName").asText()).as("listener of %s", listener).isEqualTo("remoteSettingsBroadcastHandler");
        return listener.path("version").asText();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
