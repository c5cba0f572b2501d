package dev.simplepush.launcher.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.launcher.DevMode;
import dev.simplepush.testing.webpush.VapidKeys;
import dev.simplepush.testing.webpush.WebPushDevice;
import dev.simplepush.testing.webpush.WebPushDevice.Message;
import dev.simplepush.testing.webpush.WebPushDevice.Subscription;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec W8 items 11, 12, 14, 29 with an independent application server: the npm package web-push
 * encrypts (RFC 8291) and signs (RFC 8292 VAPID) every message ({@link WebPushSender}), and the
 * Java test device ({@link WebPushDevice}) decrypts with its own keys and compares bytes. Against
 * dev mode: a real broker and all three services.
 *
 * <p>Needs node and {@code npm ci} in {@code src/test/webpush}; skipped without them unless
 * {@code SIMPLEPUSH_REQUIRE_NODE=1} (as in CI).
 */
class WebPushLibraryIT {
    /** RFC 8030 §7.2: a push service accepts 4096 bytes of body; aes128gcm adds 86 + 1 + 16, aesgcm 2 + 16. */
    private static final int AES128GCM_MAX_PLAINTEXT = 4096 - 86 - 1 - 16;
    private static final int AESGCM_MAX_PLAINTEXT = 4096 - 2 - 16;
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VapidKeys vapid = VapidKeys.generate();
    private final WebPushSender appServer = new WebPushSender(vapid);

    @BeforeEach
    void requireTools() {
        NodeTools.requireWebPushLibrary();
    }

    @Test
    void aMessageTheLibraryEncryptsArrivesLiveAndDecryptsToTheSameBytesInBothEncodingsAtTheLargestSize(@TempDir Path dataDir)
            throws Exception {
        try (DevMode dev = WebPushDevMode.start(dataDir); WebPushDevice device = new WebPushDevice(URI.create(dev.deviceUrl()))) {
            device.connect();
            assertThat(device.hello().dataMode()).as("hello reply's use_webpush").isTrue();
            Subscription subscription = device.subscribe(vapid.publicKeyBytes());
            assertThat(subscription.endpoint()).startsWith(dev.endpointBase() + "/update/");

            byte[] largest = random(AES128GCM_MAX_PLAINTEXT);
            WebPushSender.Response posted = appServer.send(subscription.toJson(), largest, "aes128gcm", 3600);
            assertThat(posted.status()).as("POST answer %s", posted).isEqualTo(201);
            assertThat(posted.header("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(dev.endpointBase() + "/m/"));
            assertThat(posted.header("TTL")).contains("3600");

            Message message = device.receiveMessage(DELIVERY);
            assertThat(message.channelId()).isEqualTo(subscription.channelId());
            assertThat(message.data()).as("the body as POSTed: 4096 bytes").hasSize(4096);
            assertThat(message.encoding()).isEqualTo("aes128gcm");
            assertThat(device.decrypt(message)).isEqualTo(largest);
            device.ack(message, WebPushDevice.DELIVERED);

            byte[] legacy = random(AESGCM_MAX_PLAINTEXT);
            posted = appServer.send(subscription.toJson(), legacy, "aesgcm", 60);
            assertThat(posted.status()).as("POST answer %s", posted).isEqualTo(201);

            message = device.receiveMessage(DELIVERY);
            assertThat(message.encoding()).isEqualTo("aesgcm");
            assertThat(message.encryption()).startsWith("salt=");
            assertThat(message.cryptoKey()).contains("dh=");
            assertThat(device.decrypt(message)).isEqualTo(legacy);
            device.ack(message, WebPushDevice.DELIVERED);
        }
    }

    @Test
    void aMessageSentWhileTheDeviceIsOfflineArrivesAfterItsNextHelloAndDecryptsToTheSameBytes(@TempDir Path dataDir)
            throws Exception {
        try (DevMode dev = WebPushDevMode.start(dataDir); WebPushDevice device = new WebPushDevice(URI.create(dev.deviceUrl()))) {
            device.connect();
            String uaid = device.hello().uaid();
            Subscription subscription = device.subscribe(vapid.publicKeyBytes());
            device.disconnect();

            byte[] payload = random(1000);
            WebPushSender.Response posted = appServer.send(subscription.toJson(), payload, "aes128gcm", 3600);
            assertThat(posted.status()).as("POST answer %s", posted).isEqualTo(201);

            device.connect();
            assertThat(device.hello().uaid()).isEqualTo(uaid);
            Message message = device.receiveMessage(DELIVERY);
            assertThat(device.decrypt(message)).isEqualTo(payload);
            device.ack(message, WebPushDevice.DELIVERED);

            // Acked: the next connection gets nothing more.
            device.disconnect();
            device.connect();
            device.hello();
            device.client().expectNoMessage(Duration.ofSeconds(2));
        }
    }

    @Test
    void afterUnsubscribeTheLibrarysPostIsAnswered410(@TempDir Path dataDir) throws Exception {
        try (DevMode dev = WebPushDevMode.start(dataDir); WebPushDevice device = new WebPushDevice(URI.create(dev.deviceUrl()))) {
            device.connect();
            device.hello();
            Subscription subscription = device.subscribe(vapid.publicKeyBytes());

            device.unsubscribe(subscription);

            // The unregister reaches streams-state on device-events, a POST on notifications: a
            // POST racing it may still be taken (and then removed with the channel), a later one is 410.
            WebPushSender.Response posted = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200))
                    .until(() -> appServer.send(subscription.toJson(), random(100), "aes128gcm", 60), r -> r.status() != 201);
            assertThat(posted.status()).as("POST answer %s", posted).isEqualTo(410);
            assertThat(posted.errno()).isEqualTo(106);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
