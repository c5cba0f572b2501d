package dev.simplepush.launcher.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.DevMode;
import dev.simplepush.launcher.conformance.WebPushChecklist;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.testing.webpush.VapidKeys;
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
 * <p>Skipped without Firefox ESR, node or {@code npm ci} in {@code src/test/webpush}, unless
 * {@code SIMPLEPUSH_REQUIRE_FIREFOX=1} (as in CI) makes that a failure. Firefox's and the page's
 * output (push service at debug level) is in {@code target/firefox-webpush.log}.
 */
class FirefoxWebPushIT {
    private static final Path LOG = Path.of("target", "firefox-webpush.log").toAbsolutePath();
    private static final Duration DELIVERY = Duration.ofSeconds(60);
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

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
