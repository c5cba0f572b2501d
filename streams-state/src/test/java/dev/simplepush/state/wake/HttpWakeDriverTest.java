package dev.simplepush.state.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http} driver against a fake carrier on a real local socket. */
class HttpWakeDriverTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final WakeData SPAIN = new WakeData("10.20.30.40", 2442, "214", "07", "net-1");
    private static final WakeData FRANCE = new WakeData("10.1.1.1", 5000, "208", "01", null);

    @TempDir
    Path dir;

    private static WakeRequest request(WakeData wake) {
        return new WakeRequest(UAID, wake, 7, 1, WakeRequest.Reason.STORED, 1L);
    }

    private static HttpWakeDriver driver(Map<String, String> settings) {
        return new HttpWakeDriver(HttpWakeSettings.from(ConfigSource.of(settings)));
    }

    @Test
    void theWakeDataIsPostedFormEncodedToTheDefaultUrl() throws Exception {
        try (FakeCarrier carrier = FakeCarrier.plain()) {
            HttpWakeDriver driver = driver(Map.of("wake.http.url", carrier.url("/wake")));

            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.WOKEN);

            FakeCarrier.Received received = carrier.next();
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.path()).isEqualTo("/wake");
            assertThat(received.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(received.form()).containsExactly(Map.entry("ip", "10.20.30.40"), Map.entry("port", "2442"),
                    Map.entry("mcc", "214"), Map.entry("mnc", "07"), Map.entry("netid", "net-1"));
        }
    }

    @Test
    void aNetworkWithItsOwnUrlIsSentThereAndWithoutNetidNoneIsSent() throws Exception {
        try (FakeCarrier carrier = FakeCarrier.plain()) {
            HttpWakeDriver driver = driver(Map.of("wake.http.url", carrier.url("/default"),
                    "wake.http.url.208-01", carrier.url("/orange")));

            assertThat(driver.wake(request(FRANCE))).isEqualTo(WakeResult.WOKEN);
            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.WOKEN);

            FakeCarrier.Received first = carrier.next();
            assertThat(first.path()).isEqualTo("/orange");
            assertThat(first.form()).doesNotContainKey("netid").containsEntry("mcc", "208");
            assertThat(carrier.next().path()).isEqualTo("/default");
        }
    }

    @Test
    void aNetworkUrlFromTheEnvironmentIsFound() {
        HttpWakeSettings settings = HttpWakeSettings.from(ConfigSource.fromEnvironment(Map.of(),
                Map.of("SIMPLEPUSH_WAKE_HTTP_URL_214_07", "https://carrier.example/wake")));

        assertThat(settings.urlFor("214", "07")).hasToString("https://carrier.example/wake");
        assertThat(settings.urlFor("214", "08")).isNull();
    }

    @Test
    void anUnknownNetworkWithoutADefaultIsNotWoken() throws Exception {
        try (FakeCarrier carrier = FakeCarrier.plain()) {
            HttpWakeDriver driver = driver(Map.of("wake.http.url.208-01", carrier.url("/orange")));

            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.UNROUTED);
            assertThat(carrier.received).isEmpty();
        }
    }

    @Test
    void aServerErrorIsWorthARetryAndAClientErrorIsNot() throws Exception {
        try (FakeCarrier carrier = FakeCarrier.plain()) {
            HttpWakeDriver driver = driver(Map.of("wake.http.url", carrier.url("/wake")));

            carrier.status.set(503);
            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.FAILED);
            carrier.status.set(429);
            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.FAILED);
            carrier.status.set(400);
            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.REJECTED);
            carrier.status.set(204);
            assertThat(driver.wake(request(SPAIN))).isEqualTo(WakeResult.WOKEN);
        }
    }

    @Test
    void aCarrierThatCannotBeReachedThrows() throws Exception {
        String url;
        try (FakeCarrier gone = FakeCarrier.plain()) {
            url = gone.url("/wake");
        }
        HttpWakeDriver driver = driver(Map.of("wake.http.url", url, "wake.http.timeout", "2s"));

        assertThatThrownBy(() -> driver.wake(request(SPAIN))).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theClientCertificateIsShownToACarrierThatRequiresOne() throws Exception {
        Path server = Keytool.keyPair(dir, "carrier");
        Path client = Keytool.keyPair(dir, "pushserver");
        Path serverTrust = Keytool.truststoreFor(client, dir.resolve("carrier-trust.p12"));
        Path clientTrust = Keytool.truststoreFor(server, dir.resolve("push-trust.p12"));
        try (FakeCarrier carrier = FakeCarrier.requiringClientCertificate(serverContext(server, serverTrust))) {
            Map<String, String> settings = new HashMap<>();
            settings.put("wake.http.url", carrier.url("/wake"));
            settings.put("wake.http.tls.truststore", clientTrust.toString());
            settings.put("wake.http.tls.truststore.password", Keytool.PASSWORD);
            settings.put("wake.http.tls.keystore", client.toString());
            settings.put("wake.http.tls.keystore.password", Keytool.PASSWORD);

            assertThat(driver(settings).wake(request(SPAIN))).isEqualTo(WakeResult.WOKEN);
            assertThat(carrier.next().clientSubject()).isEqualTo("CN=pushserver");

            // Without the certificate the carrier refuses the handshake.
            settings.remove("wake.http.tls.keystore");
            HttpWakeDriver anonymous = driver(settings);
            assertThatThrownBy(() -> anonymous.wake(request(SPAIN))).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartNamingTheSetting() throws Exception {
        Path client = Keytool.keyPair(dir, "pushserver");

        assertThatThrownBy(() -> driver(Map.of("wake.http.url", "https://carrier.example/",
                "wake.http.tls.keystore", client.toString(), "wake.http.tls.keystore.password", "wrong")))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.http.tls.keystore");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> HttpWakeSettings.from(ConfigSource.of(Map.of("wake.http.url.214-07", "ftp://x/"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.http.url.214-07");
    }

    private static SSLContext serverContext(Path keystore, Path truststore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(Keytool.load(keystore), Keytool.PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = Keytool.load(truststore);
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
