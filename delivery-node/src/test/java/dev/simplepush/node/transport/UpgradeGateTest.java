package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.connection.RecordingOutbound;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.token.EndpointTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks before the handshake, on a real Undertow with the JDK's WebSocket client: an origin
 * outside the allow-list gets 403 (spec §1.7), an upgrade beyond the connection limit gets 503.
 */
class UpgradeGateTest {
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final HttpClient client = HttpClient.newHttpClient();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledTimers timers = new ScheduledTimers("test-timers");
    private NodeWebSocketServer server;

    private void start(List<String> origins, int maxConnections) {
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, 256 * 1024,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, new RecordingOutbound(), timers,
                Clock.systemUTC(), EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())), registry,
                new ConnectionIds(), new MessageParser(), workers);
        server = NodeWebSocketServer.start("127.0.0.1", 0, 256 * 1024, AllowedOrigins.of(origins),
                maxConnections, context);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        timers.close();
        workers.shutdownNow();
    }

    private WebSocket.Builder builder(String origin) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        return origin == null ? builder : builder.header("Origin", origin);
    }

    private WebSocket connect(String origin) throws Exception {
        return builder(origin).buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS);
    }

    /** The HTTP status the server refused the upgrade with. */
    private int refusal(String origin) {
        Throwable thrown = catchThrowable(() -> builder(origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocket.Listener() { })
                .join());
        assertThat(thrown).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) thrown.getCause()).getResponse().statusCode();
    }

    @Test
    void withoutAnAllowListAnyOriginUpgrades() throws Exception {
        start(List.of(), 0);

        connect("https://anywhere.example").abort();
        connect(null).abort();
    }

    @Test
    void anAllowedOriginUpgradesWithItsDefaultPortLeftOut() throws Exception {
        start(List.of("https://app.example.net:443", "http://localhost:3000"), 0);

        WebSocket socket = connect("https://app.example.net");

        assertThat(registry.size()).isEqualTo(1);
        socket.abort();
    }

    @Test
    void anotherOriginGets403AndNoWebSocket() {
        start(List.of("https://app.example.net", "http://localhost:3000"), 0);

        assertThat(refusal("https://evil.example")).isEqualTo(403);
        assertThat(refusal("http://app.example.net")).as("another scheme").isEqualTo(403);
        assertThat(refusal("http://localhost:3001")).as("another port").isEqualTo(403);
        assertThat(refusal(null)).as("no origin at all").isEqualTo(403);
        assertThat(registry.size()).isZero();
    }

    @Test
    void beyondTheConnectionLimitAnUpgradeGets503UntilASocketCloses() throws Exception {
        start(List.of(), 1);
        WebSocket first = connect(null);
        await().until(() -> registry.size() == 1);

        assertThat(refusal(null)).isEqualTo(503);

        first.abort();
        await().until(() -> registry.size() == 0);
        connect(null).abort();
    }

    @Test
    void aDrainingNodeAnswersEveryUpgrade503AndKeepsItsOpenSockets() throws Exception {
        start(List.of(), 0);
        WebSocket open = connect(null);
        await().until(() -> registry.size() == 1);

        server.drain();

        assertThat(refusal(null)).isEqualTo(503);
        assertThat(registry.size()).isEqualTo(1);
        open.abort();
    }
}
