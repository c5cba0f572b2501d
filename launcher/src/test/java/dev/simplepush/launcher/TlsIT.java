package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both edges (spec §1.3): with a keystore made for the test, devices connect over
 * {@code wss://}, endpoints start with {@code https://}, and a PUT over HTTPS reaches the device.
 */
class TlsIT {
    @Test
    void aDeviceOnWssGetsAnHttpsEndpointAndThePutOverHttpsArrives(@TempDir Path dir) {
        TestCertificates certificates = TestCertificates.generate(dir);
        Map<String, String> tls = Map.of(
                "node.tls.keystore", certificates.keystore().toString(),
                "node.tls.keystore.password", certificates.password(),
                "gateway.tls.keystore", certificates.keystore().toString(),
                "gateway.tls.keystore.password", certificates.password());
        try (DevMode dev = DevMode.start(new DevMode.Options(dir.resolve("data"), "127.0.0.1", 0, 0, 0, -1),
                ConfigSource.of(tls))) {
            assertThat(dev.deviceUrl()).isEqualTo("wss://127.0.0.1:" + dev.wsPort() + "/");
            String chid = UUID.randomUUID().toString();
            try (DeviceClient device = DeviceClient.connect(URI.create(dev.deviceUrl()), certificates.clientContext())) {
                device.hello(null);
                String endpoint = device.register(chid);
                assertThat(endpoint).startsWith("https://127.0.0.1:" + dev.httpPort() + "/update/");

                AppServerClient app = new AppServerClient(Duration.ofSeconds(30), certificates.clientContext());
                assertThat(app.putVersion(endpoint, 42).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 42));
                device.ack(chid, 42);
            }
        }
    }
}
