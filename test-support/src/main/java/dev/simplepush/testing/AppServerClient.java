package dev.simplepush.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * An app server for tests: sends PUTs (and any other method) to push endpoints with the JDK's
 * {@link HttpClient} and returns status, headers and body. Nothing is added implicitly, so a
 * request without a {@code Content-Type} really has none (spec §9.4).
 */
public final class AppServerClient {
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Duration timeout;

    public AppServerClient() {
        this(DEFAULT_TIMEOUT);
    }

    /** @param timeout per request, covering the gateway's wait for the outcome */
    public AppServerClient(Duration timeout) {
        // HTTP/1.1 only: the default would offer an h2c upgrade on every plain-http request.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.timeout = timeout;
    }

    /** Over {@code https://}, trusting what {@code tls} trusts (e.g. {@link TestCertificates#clientContext()}). */
    public AppServerClient(Duration timeout, SSLContext tls) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(tls)
                .build();
        this.timeout = timeout;
    }

    /** An HTTP response, body decoded as UTF-8. */
    public record Response(int status, String body, HttpHeaders headers) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public Optional<String> contentType() {
            return header("Content-Type");
        }
    }

    /** PUT with a form body, e.g. {@code put(endpoint, "version=5")}. */
    public Response put(String endpoint, String formBody) {
        return put(endpoint, formBody, FORM);
    }

    /** PUT {@code version=<version>} as a form. */
    public Response putVersion(String endpoint, long version) {
        return put(endpoint, "version=" + version);
    }

    /** PUT a form built from {@code fields}, URL-encoded in the given order. */
    public Response putForm(String endpoint, Map<String, String> fields) {
        return put(endpoint, form(fields));
    }

    /** @param contentType the {@code Content-Type} header, or null to send none */
    public Response put(String endpoint, String body, String contentType) {
        return putRaw(endpoint, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** PUT exact bytes, e.g. an oversized or non-UTF-8 body; a null content type sends none. */
    public Response putRaw(String endpoint, byte[] body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send("PUT", endpoint, body, headers);
    }

    /**
     * Any method with any headers; {@code body} may be null for none. The JDK refuses a few
     * headers it manages itself ({@code Content-Length}, {@code Host}, {@code Connection}, ...).
     */
    public Response send(String method, String endpoint, byte[] body, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(timeout)
                .method(method, publisher);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + endpoint, e);
        }
    }

    /** {@code a=1&b=x+y}: fields URL-encoded as UTF-8, in iteration order. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
