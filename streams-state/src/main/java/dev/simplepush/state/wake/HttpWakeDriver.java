package dev.simplepush.state.wake;

import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wake.driver=http}: asks the device's carrier to wake it. POSTs
 * {@code application/x-www-form-urlencoded} fields {@code ip}, {@code port}, {@code mcc},
 * {@code mnc} and, when the device sent one, {@code netid}: the wake data exactly as the device
 * gave it in hello (spec §11.1), which is what a carrier's wake-up server needs to find the device
 * on its network and send it the UDP datagram. The uaid, the channel and the version are not
 * sent: the carrier has no use for them, and they would tell it which apps the subscriber uses.
 *
 * <p>The URL is chosen by the device's network: {@code wake.http.url.<mcc>-<mnc>}, else
 * {@code wake.http.url}; with neither the device is not woken ({@link WakeResult#UNROUTED}).
 * A 2xx answer is success; 408, 429 and 5xx, timeouts and network errors are retried; any other
 * status is a refusal, not retried.
 */
public final class HttpWakeDriver implements WakeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWakeDriver.class);

    private final HttpWakeSettings settings;
    private final HttpClient client;

    public HttpWakeDriver(HttpWakeSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        SSLContext tls = sslContext(settings);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        if (settings.defaultUrl() == null && settings.networkUrls().isEmpty()) {
            LOG.warn("wake.driver=http without wake.http.url or any wake.http.url.<mcc>-<mnc>: no device will be woken");
        }
    }

    /** The client's TLS context, or null for the JDK's default: a client certificate and/or a truststore. */
    static SSLContext sslContext(HttpWakeSettings settings) {
        TrustManager[] trust = trustManagers(settings);
        if (settings.clientCertificate().enabled()) {
            return settings.clientCertificate().sslContext(trust);
        }
        if (trust == null) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalConfigurationException(HttpWakeSettings.TRUSTSTORE_KEY, e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(HttpWakeSettings settings) {
        if (settings.truststore() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(settings.truststore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, settings.truststorePassword().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalConfigurationException(HttpWakeSettings.TRUSTSTORE_KEY, "cannot read "
                    + settings.truststore() + " as PKCS12 with the password of "
                    + HttpWakeSettings.TRUSTSTORE_PASSWORD_KEY + ": " + e.getMessage());
        }
    }

    /** The form the carrier gets, in a fixed order. */
    static String form(WakeData wake) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ip", wake.ip());
        fields.put("port", Integer.toString(wake.port()));
        fields.put("mcc", wake.mcc());
        fields.put("mnc", wake.mnc());
        if (wake.netid() != null) {
            fields.put("netid", wake.netid());
        }
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public WakeResult wake(WakeRequest request) throws IOException, InterruptedException {
        WakeData wake = request.wake();
        URI url = settings.urlFor(wake.mcc(), wake.mnc());
        if (url == null) {
            LOG.debug("no wake-up URL for network {}-{}: {} not woken", wake.mcc(), wake.mnc(), request.uaid());
            return WakeResult.UNROUTED;
        }
        HttpRequest post = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(wake)))
                .build();
        int status = client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 200 && status < 300) {
            return WakeResult.WOKEN;
        }
        LOG.debug("carrier {} answered {} for {}", url.getHost(), status, request.uaid());
        return status == 408 || status == 429 || status >= 500 ? WakeResult.FAILED : WakeResult.REJECTED;
    }

    @Override
    public void close() {
        // HttpClient has no close before Java 21; its threads are daemons and idle ones expire.
    }
}
