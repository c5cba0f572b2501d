package dev.simplepush.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser console's files and config.json on a real admin server. */
class ConsoleTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private AdminServer server;

    @BeforeEach
    void start() {
        server = AdminServer.start("127.0.0.1", 0, registry, new HealthChecks(List.of("node")));
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
    }

    @Test
    void theConsoleIsNotServedUntilItIsAskedFor() throws Exception {
        assertThat(send("GET", "/console/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/console/config.json").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageAndItsScriptAndStylesAreServedWithTheirContentTypes() throws Exception {
        server.serveConsole(new Console("127.0.0.1", 8080, 8081));

        HttpResponse<String> page = send("GET", "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
        assertThat(page.body()).contains("<title>SimplePush console</title>", "console.js", "console.css", "aria-live");
        assertThat(send("GET", "/console/index.html").body()).isEqualTo(page.body());
        assertThat(send("GET", "/console/console.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(send("GET", "/console/console.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        HttpResponse<String> crypto = send("GET", "/console/webpush-crypto.js");
        assertThat(crypto.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(crypto.body()).contains("globalThis.WebPushCrypto");
        assertThat(page.body()).contains("webpush-crypto.js");
    }

    @Test
    void thePageNeedsNothingFromTheInternet() throws Exception {
        server.serveConsole(new Console("127.0.0.1", 8080, 8081));

        for (String file : List.of("", "console.js", "console.css", "webpush-crypto.js")) {
            assertThat(send("GET", "/console/" + file).body()).as(file).doesNotContain("https://", "//fonts.", "//cdn");
        }
    }

    @Test
    void configJsonTellsThePageWhereTheNodeTheGatewayAndTheMetricsAre() throws Exception {
        server.serveConsole(new Console("127.0.0.1", 8080, 8081));

        HttpResponse<String> response = send("GET", "/console/config.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode config = Json.MAPPER.readTree(response.body());
        assertThat(config.get("webSocketUrl").asText()).isEqualTo("ws://127.0.0.1:8080/");
        assertThat(config.get("gatewayUrl").asText()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.get("metricsUrl").asText()).isEqualTo("/metrics");
    }

    @Test
    void aWildcardListenAddressIsReplacedByTheHostTheBrowserUsed() {
        assertThat(new Console("0.0.0.0", 8080, 8081).config("push.example:8090"))
                .containsEntry("webSocketUrl", "ws://push.example:8080/")
                .containsEntry("gatewayUrl", "http://push.example:8081");
        assertThat(new Console("::", 8080, 8081).config("[::1]:8090")).containsEntry("webSocketUrl", "ws://[::1]:8080/");
        assertThat(new Console("::1", 8080, 8081).config("ignored:1")).containsEntry("gatewayUrl", "http://[::1]:8081");
        assertThat(new Console("0.0.0.0", 8080, 8081).config("bad\"host")).containsEntry("webSocketUrl", "ws://localhost:8080/");
        assertThat(new Console("0.0.0.0", 8080, 8081).config(null)).containsEntry("webSocketUrl", "ws://localhost:8080/");
    }

    @Test
    void otherPathsUnderTheConsoleAreNotFoundAndOnlyGetIsAllowed() throws Exception {
        server.serveConsole(new Console("127.0.0.1", 8080, 8081));

        assertThat(send("GET", "/console/..%2Fmetrics").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/console/Console.class").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/console/missing.js").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/console/").statusCode()).isEqualTo(405);
        HttpResponse<String> bare = send("GET", "/console");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        assertThat(send("GET", "/metrics").statusCode()).as("the admin routes stay").isEqualTo(200);
    }

    @Test
    void monitoringGivesTheConsoleUrlOnlyWhenItsAdminServerRuns() {
        try (Monitoring off = Monitoring.start(new AdminConfig("127.0.0.1", AdminConfig.DISABLED), List.of("node"));
                Monitoring on = Monitoring.start(new AdminConfig("127.0.0.1", 0), List.of("node"))) {
            assertThat(off.serveConsole(new Console("127.0.0.1", 1, 2))).isNull();
            assertThat(on.serveConsole(new Console("127.0.0.1", 1, 2))).isEqualTo(on.url() + "console/");
        }
    }
}
