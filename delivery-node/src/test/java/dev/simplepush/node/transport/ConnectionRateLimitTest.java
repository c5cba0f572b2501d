package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.connection.NodeMetrics;
import dev.simplepush.node.connection.RecordingOutbound;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code node.connection.rate}: upgrades per remote address beyond the bucket get HTTP 429 with
 * {@code Retry-After} and never become WebSockets; other addresses are not affected. Raw sockets
 * bound to different loopback addresses play different devices.
 */
class ConnectionRateLimitTest {
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledTimers timers = new ScheduledTimers("test-timers");
    private final List<Socket> sockets = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private NodeWebSocketServer server;

    @BeforeEach
    void start() {
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, 256 * 1024,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, new RecordingOutbound(), timers,
                Clock.systemUTC(), EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())),
                new ConnectionRegistry(), new ConnectionIds(), new MessageParser(), workers, new NodeMetrics(meters));
        // Two upgrades at once, then one every 1000 s: the test never sees a refill.
        server = NodeWebSocketServer.start("127.0.0.1", 0, null, 256 * 1024, AllowedOrigins.ANY, 0,
                new RateLimit(0.001, 2), context);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
        timers.close();
        workers.shutdownNow();
    }

    /** Sends an upgrade from {@code localAddress}; returns the status line and headers. */
    private List<String> upgrade(String localAddress) throws Exception {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        List<String> head = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.add(line);
        }
        return head;
    }

    @Test
    void upgradesBeyondTheBurstOfOneAddressGet429WithRetryAfter() throws Exception {
        assertThat(upgrade("127.0.0.2").get(0)).contains(" 101 ");
        assertThat(upgrade("127.0.0.2").get(0)).contains(" 101 ");

        List<String> refused = upgrade("127.0.0.2");

        assertThat(refused.get(0)).contains(" 429 ");
        assertThat(refused).anySatisfy(h -> assertThat(h).matches("(?i)retry-after: *1000"));
        assertThat(meters.get(MetricName.NODE_UPGRADES_REFUSED.meterName()).tag("reason", "rate").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anotherAddressHasItsOwnBucket() throws Exception {
        upgrade("127.0.0.3");
        upgrade("127.0.0.3");
        assertThat(upgrade("127.0.0.3").get(0)).contains(" 429 ");

        assertThat(upgrade("127.0.0.4").get(0)).contains(" 101 ");
    }
}
