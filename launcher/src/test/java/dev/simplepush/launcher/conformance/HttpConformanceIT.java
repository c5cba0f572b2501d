package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §9 and §10 with checklist items 42–50: the app server's side. Besides the deployment's own
 * gateway (CORS off, stored status 202), two more run: one with {@code gateway.cors=true} and one
 * with {@code gateway.stored.status=200}. Two token keys are configured, to check rotation.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpConformanceIT {
    private static final String INVALID_VERSION = "\"Invalid Version\"";
    private static final String INVALID_TOKEN = "\"Invalid Token\"";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ALLOW_METHODS = "Access-Control-Allow-Methods";

    private final AppServerClient appServer = new AppServerClient();
    private final String firstKey = EndpointTokens.generateKey();
    private final String secondKey = EndpointTokens.generateKey();
    private Deployment deployment;
    private String corsGateway;
    private String stored200Gateway;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.builder(cluster, stateDir)
                .set(EndpointTokens.KEYS_SETTING, firstKey + "," + secondKey)
                .set("node.min.ping.interval", "0")
                .nodes(1)
                .start();
        corsGateway = deployment.startGateway(Map.of("gateway.cors", "true"));
        stored200Gateway = deployment.startGateway(Map.of("gateway.stored.status", "200"));
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    /** A connected device with one registered channel. */
    private record Subscribed(DeviceClient device, String uaid, String chid, String endpoint) implements AutoCloseable {
        String token() {
            return Wire.tokenOf(endpoint);
        }

        @Override
        public void close() {
            device.close();
        }
    }

    private Subscribed subscribe() {
        DeviceClient device = DeviceClient.connect(deployment.node(0));
        String uaid = device.hello(null);
        String chid = Wire.chid();
        return new Subscribed(device, uaid, chid, device.register(chid));
    }

    private static void assertJsonBody(Response response, int status, String body) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    @Checklist(42)
    @DisplayName("§16.42 a PUT for an offline device, also right after its close frame, gets stored_status (202) {}")
    void aPutForAnOfflineDeviceGetsTheStoredStatus() {
        String endpoint;
        try (Subscribed s = subscribe()) {
            endpoint = s.endpoint();
            // close() sends the close frame and waits for the server's answer to it: from then
            // on the device is offline (spec §9.9), whatever streams-state still believes.
            s.device().close();
            assertJsonBody(appServer.putVersion(endpoint, 1), 202, "{}");
        }
        assertJsonBody(appServer.putVersion(endpoint, 2), 202, "{}");
        String other = stored200Gateway + "/update/" + Wire.tokenOf(endpoint);
        assertJsonBody(appServer.putVersion(other, 3), 200, "{}");
    }

    @Test
    @Checklist(43)
    @DisplayName("§16.43 a PUT without Content-Type and body version=12 delivers version 12; form types in any case too")
    void aPutWithoutContentTypeIsReadAsAForm() {
        try (Subscribed s = subscribe()) {
            assertJsonBody(appServer.put(s.endpoint(), "version=12", null), 200, "{}");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 12));

            long version = 13;
            for (String type : List.of("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
                    "application/x-www-form-urlencoded; charset=UTF-8")) {
                assertJsonBody(appServer.put(s.endpoint(), "version=" + version, type), 200, "{}");
                assertThat(s.device().receiveNotification()).as(type).containsExactly(Update.of(s.chid(), version));
                version++;
            }
        }
    }

    @Test
    @Checklist(44)
    @DisplayName("§16.44 a PUT as text/plain or application/json gets a 10-digit epoch version, whatever the body says")
    void aNonFormBodyIsIgnored() {
        try (Subscribed s = subscribe()) {
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("text/plain", "version=77");
            bodies.put("application/json", "{\"version\":77}");
            bodies.put("application/json; charset=utf-8", "version=77");
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                long before = Instant.now().getEpochSecond();
                assertJsonBody(appServer.put(s.endpoint(), body.getValue(), body.getKey()), 200, "{}");
                long after = Instant.now().getEpochSecond();
                List<Update> updates = s.device().receiveNotification();
                assertThat(updates).hasSize(1);
                long version = updates.get(0).version();
                assertThat(Long.toString(version)).as(body.getKey()).hasSize(10);
                assertThat(version).as(body.getKey()).isBetween(before, after);
                s.device().ack(s.chid(), version);
            }
        }
    }

    @Test
    @Checklist(45)
    @DisplayName("§16.45 a missing or empty version means the current epoch seconds; version=0 is delivered as 0")
    void aMissingVersionIsNowAndZeroIsZero() {
        try (Subscribed s = subscribe()) {
            for (String body : List.of("", "version=", "data=x&other=1")) {
                String chid = Wire.chid();
                String endpoint = s.device().register(chid);
                long before = Instant.now().getEpochSecond();
                assertJsonBody(appServer.put(endpoint, body), 200, "{}");
                long after = Instant.now().getEpochSecond();
                List<Update> updates = s.device().receiveNotification();
                assertThat(updates).extracting(Update::channelId).containsExactly(chid);
                assertThat(updates.get(0).version()).as("body [%s]", body).isBetween(before, after);
            }
            assertJsonBody(appServer.put(s.endpoint(), "version=0"), 200, "{}");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 0));
        }
    }

    @Test
    @Checklist(46)
    @DisplayName("§16.46 abc, -1, 1.5, 9223372036854775808 and the like get 400 \"Invalid Version\"")
    void invalidVersionsGet400() {
        try (Subscribed s = subscribe()) {
            for (String version : List.of("abc", "-1", "1.5", "9223372036854775808", "99999999999999999999",
                    "%205", "5%20", "0x10", "1e3", "%2B", "%2B%2B1", "-0", "%D9%A1%D9%A2", "5,6")) {
                Response put = appServer.put(s.endpoint(), "version=" + version);
                assertJsonBody(put, 400, INVALID_VERSION);
            }
            // The version is checked before the token (spec §9.8).
            assertJsonBody(appServer.put(deployment.gatewayUrl() + "/update/garbage", "version=abc"), 400,
                    INVALID_VERSION);
            s.device().expectNoMessage(Wire.QUIET);

            assertJsonBody(appServer.put(s.endpoint(), "version=%2B7"), 200, "{}");
            assertThat(s.device().receiveNotification()).as("a leading + is allowed")
                    .containsExactly(Update.of(s.chid(), 7));
            s.device().ack(s.chid(), 7);
            assertJsonBody(appServer.put(s.endpoint(), "version=9223372036854775807"), 200, "{}");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), Long.MAX_VALUE));
        }
    }

    @Test
    @Checklist(47)
    @DisplayName("§16.47 4096 data bytes are accepted, 4097 get 413, and a body over max_body_bytes gets 413")
    void dataAndBodyLimits() {
        try (Subscribed s = subscribe()) {
            String ascii = "d".repeat(4096);
            String twoByte = "\u00e9".repeat(2048);
            long version = 1;
            for (String data : List.of(ascii, twoByte)) {
                assertThat(data.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
                assertJsonBody(appServer.putForm(s.endpoint(), form(version, data)), 200, "{}");
                assertThat(s.device().receiveNotification()).containsExactly(new Update(s.chid(), version, data));
                version++;
            }
            for (String data : List.of(ascii + "d", twoByte + "d", "\u00e9".repeat(2049))) {
                assertJsonBody(appServer.putForm(s.endpoint(), form(version, data)), 413,
                        "\"Data exceeds max length of 4096 bytes\"");
            }
            String tooLong = "version=1&padding=" + "p".repeat(16_384);
            assertJsonBody(appServer.put(s.endpoint(), tooLong), 413, "\"Body exceeds max length of 16384 bytes\"");
            Response chunked = putChunked(s.endpoint(), tooLong);
            assertThat(chunked.status()).as("a chunked body over the cap").isEqualTo(413);
            assertThat(chunked.body()).isEqualTo("\"Body exceeds max length of 16384 bytes\"");
            s.device().expectNoMessage(Wire.QUIET);
        }
    }

    @Test
    @Checklist(48)
    @DisplayName("§16.48 a tampered, truncated, garbage or unregistered-channel token gets 404 \"Invalid Token\"")
    void badTokensGet404() {
        try (Subscribed s = subscribe()) {
            String token = s.token();
            char flipped = token.charAt(12) == 'A' ? 'B' : 'A';
            String base = deployment.gatewayUrl() + "/update/";
            EndpointTokens ours = deployment.tokens();
            List<String> bad = List.of(
                    token.substring(0, 12) + flipped + token.substring(13),
                    token.substring(0, token.length() - 1),
                    token.substring(0, 10),
                    token + "A",
                    "garbage",
                    "A",
                    "%2Fslash",
                    "not*base64!",
                    EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())).encode(s.uaid(), s.chid()),
                    ours.encode(s.uaid(), Wire.chid()),
                    ours.encode(Wire.unknownUaid(), s.chid()),
                    ours.encode(s.uaid() + "." + s.chid(), ""),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(
                            (s.uaid() + "." + s.chid()).getBytes(StandardCharsets.US_ASCII)));
            for (String forged : bad) {
                assertJsonBody(appServer.putVersion(base + forged, 1), 404, INVALID_TOKEN);
            }
            s.device().expectNoMessage(Wire.QUIET);
            assertJsonBody(appServer.putVersion(s.endpoint(), 2), 200, "{}");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 2));
        }
    }

    @Test
    @Checklist(48)
    @DisplayName("§16.48 (§9.1) paths other than /update/<token> get 404")
    void otherPathsGet404() {
        for (String path : List.of("/", "/update", "/update/", "/foo", "/update/a/b", "/spush/v1/abc")) {
            Response put = appServer.putVersion(deployment.gatewayUrl() + path, 1);
            assertThat(put.status()).as(path).isEqualTo(404);
        }
    }

    @Test
    @Checklist(49)
    @DisplayName("§16.49 GET, DELETE and PATCH get 405 with Allow; OPTIONS gets 200, with CORS headers only when enabled (POST is Web Push)")
    void methodsAndCors() {
        try (Subscribed s = subscribe()) {
            for (String gateway : List.of(deployment.gatewayUrl(), corsGateway)) {
                String endpoint = gateway + "/update/" + s.token();
                for (String method : List.of("GET", "DELETE", "PATCH")) {
                    Response response = appServer.send(method, endpoint,
                            method.equals("GET") || method.equals("DELETE") ? null
                                    : "version=1".getBytes(StandardCharsets.US_ASCII),
                            Map.of());
                    assertJsonBody(response, 405, "\"Method Not Allowed\"");
                    assertThat(response.header("Allow")).as(method).hasValue("PUT, POST, OPTIONS");
                }
                Response options = appServer.send("OPTIONS", endpoint, null, Map.of());
                assertThat(options.status()).isEqualTo(200);
            }

            String plain = deployment.gatewayUrl() + "/update/" + s.token();
            Response options = appServer.send("OPTIONS", plain, null, Map.of("Origin", "https://app.example"));
            assertThat(options.header(ALLOW_ORIGIN)).isEmpty();
            assertThat(options.header(ALLOW_METHODS)).isEmpty();
            Response put = appServer.putVersion(plain, 1);
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.header(ALLOW_ORIGIN)).isEmpty();
            assertThat(put.header(ALLOW_METHODS)).isEmpty();
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 1));

            String cors = corsGateway + "/update/" + s.token();
            Response corsOptions = appServer.send("OPTIONS", cors, null, Map.of("Origin", "https://app.example"));
            assertThat(corsOptions.status()).isEqualTo(200);
            assertThat(corsOptions.header(ALLOW_ORIGIN)).hasValue("*");
            assertThat(corsOptions.header(ALLOW_METHODS)).hasValue("PUT, POST, OPTIONS");
            Response corsPut = appServer.putVersion(cors, 2);
            assertJsonBody(corsPut, 200, "{}");
            assertThat(corsPut.header(ALLOW_ORIGIN)).hasValue("*");
            assertThat(corsPut.header(ALLOW_METHODS)).hasValue("PUT, POST, OPTIONS");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 2));
            Response corsRejected = appServer.put(cors, "version=abc");
            assertJsonBody(corsRejected, 400, INVALID_VERSION);
            assertThat(corsRejected.header(ALLOW_ORIGIN)).hasValue("*");
        }
    }

    @Test
    @Checklist(50)
    @DisplayName("§16.50 a token made with the second configured key works; new tokens use the first key")
    void tokenKeyRotation() {
        try (Subscribed s = subscribe()) {
            EndpointTokens firstOnly = EndpointTokens.fromBase64(List.of(firstKey));
            EndpointTokens secondOnly = EndpointTokens.fromBase64(List.of(secondKey));
            assertThat(firstOnly.decode(s.token())).as("issued with the first key").isPresent();
            assertThat(secondOnly.decode(s.token())).as("not with the second").isEmpty();

            String oldToken = secondOnly.encode(s.uaid(), s.chid());
            assertJsonBody(appServer.putVersion(deployment.gatewayUrl() + "/update/" + oldToken, 21), 200, "{}");
            assertThat(s.device().receiveNotification()).containsExactly(Update.of(s.chid(), 21));

            String again = s.device().register(s.chid());
            assertThat(firstOnly.decode(Wire.tokenOf(again))).hasValueSatisfying(address -> {
                assertThat(address.uaid()).isEqualTo(s.uaid());
                assertThat(address.channelId()).isEqualTo(s.chid());
            });
            assertThat(secondOnly.decode(Wire.tokenOf(again))).isEmpty();
        }
    }

    private static Map<String, String> form(long version, String data) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("version", Long.toString(version));
        form.put("data", data);
        return form;
    }

    /** A PUT whose body has no Content-Length (chunked), which {@link AppServerClient} never sends. */
    private static Response putChunked(String endpoint, String body) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Wire.TIMEOUT)
                .header("Content-Type", AppServerClient.FORM)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError("chunked PUT to " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
