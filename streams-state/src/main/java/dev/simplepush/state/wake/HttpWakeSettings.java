package dev.simplepush.state.wake;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the {@code http} wake-up driver.
 *
 * @param defaultUrl         {@code wake.http.url}, default none: the carrier wake-up URL for a
 *                           network without its own
 * @param networkUrls        {@code wake.http.url.<mcc>-<mnc>} (e.g. {@code wake.http.url.214-07};
 *                           as an environment variable {@code SIMPLEPUSH_WAKE_HTTP_URL_214_07}):
 *                           the URL for one mobile network, keyed {@code mcc-mnc}
 * @param timeout            {@code wake.http.timeout}, default 5 s: connect and response timeout
 * @param clientCertificate  {@code wake.http.tls.keystore} / {@code wake.http.tls.keystore.password}:
 *                           a PKCS12 keystore whose key and certificate are shown to the carrier
 *                           (TLS client authentication); none by default
 * @param truststore         {@code wake.http.tls.truststore}, default none (the JDK's trusted CAs):
 *                           a PKCS12 file of the certificates trusted for the carrier's server
 * @param truststorePassword {@code wake.http.tls.truststore.password}, default empty
 */
public record HttpWakeSettings(URI defaultUrl, Map<String, URI> networkUrls, Duration timeout,
        TlsSettings clientCertificate, Path truststore, String truststorePassword) {

    public static final String URL_KEY = "wake.http.url";
    public static final String URL_PREFIX = "wake.http.url.";
    public static final String TIMEOUT_KEY = "wake.http.timeout";
    public static final String KEYSTORE_KEY = "wake.http.tls.keystore";
    public static final String KEYSTORE_PASSWORD_KEY = "wake.http.tls.keystore.password";
    public static final String TRUSTSTORE_KEY = "wake.http.tls.truststore";
    public static final String TRUSTSTORE_PASSWORD_KEY = "wake.http.tls.truststore.password";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    static final HttpWakeSettings NONE = new HttpWakeSettings(null, Map.of(), DEFAULT_TIMEOUT,
            TlsSettings.none(KEYSTORE_KEY, KEYSTORE_PASSWORD_KEY), null, "");

    public HttpWakeSettings {
        networkUrls = Map.copyOf(networkUrls);
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalConfigurationException(TIMEOUT_KEY, "must be a positive duration");
        }
        if (truststore != null && !Files.isReadable(truststore)) {
            throw new IllegalConfigurationException(TRUSTSTORE_KEY, "cannot read the truststore " + truststore);
        }
    }

    public static HttpWakeSettings from(ConfigSource config) {
        Map<String, URI> networks = new HashMap<>();
        config.withPrefix(URL_PREFIX).forEach((network, url) -> networks.put(networkKey(network),
                url(URL_PREFIX + network, url)));
        String defaultUrl = config.getString(URL_KEY, "");
        String truststore = config.getString(TRUSTSTORE_KEY, "");
        return new HttpWakeSettings(defaultUrl.isEmpty() ? null : url(URL_KEY, defaultUrl), networks,
                config.getDuration(TIMEOUT_KEY, DEFAULT_TIMEOUT),
                TlsSettings.from(config, KEYSTORE_KEY, KEYSTORE_PASSWORD_KEY),
                truststore.isEmpty() ? null : Path.of(truststore),
                config.getString(TRUSTSTORE_PASSWORD_KEY, ""));
    }

    /** {@code 214-07}, {@code 214.07} (from the environment) and {@code 214_07} all name network 214/07. */
    static String networkKey(String network) {
        return network.trim().toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
    }

    private static URI url(String key, String value) {
        try {
            URI uri = new URI(value.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalConfigurationException(key, "'" + value + "' is not an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalConfigurationException(key, "'" + value + "' is not a URL: " + e.getMessage());
        }
    }

    /** The URL for a network: its own, else the default, else null. */
    URI urlFor(String mcc, String mnc) {
        URI own = networkUrls.get(networkKey(mcc + "-" + mnc));
        return own != null ? own : defaultUrl;
    }

    /** Never prints passwords. */
    @Override
    public String toString() {
        return "HttpWakeSettings[default=" + defaultUrl + ", networks=" + networkUrls.keySet() + ", timeout=" + timeout
                + ", client certificate " + clientCertificate + "]";
    }
}
