package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both rate limits end to end in dev mode: upgrades per remote address on the node, PUTs per
 * endpoint on the gateway. Each limit allows a small burst and then (practically) nothing.
 */
class RateLimitIT {
    private static final int CONNECTION_BURST = 3;
    private static final int PUT_BURST = 2;

    @TempDir
    static Path dataDir;
    private static DevMode dev;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        dev = DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, -1), ConfigSource.of(Map.of(
                "node.connection.rate", "0.001", "node.connection.burst", Integer.toString(CONNECTION_BURST),
                "gateway.put.rate", "0.001", "gateway.put.burst", Integer.toString(PUT_BURST))));
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void upgradesFromOneAddressBeyondTheBurstGet429AndOtherAddressesStillConnect() throws Exception {
        // Raw upgrades from 127.0.0.5, so the other test's devices (from 127.0.0.1) share no bucket.
        for (int i = 0; i < CONNECTION_BURST; i++) {
            assertThat(upgradeFrom("127.0.0.5").get(0)).contains(" 101 ");
        }

        List<String> refused = upgradeFrom("127.0.0.5");

        assertThat(refused.get(0)).contains(" 429 ");
        assertThat(refused).anySatisfy(header -> assertThat(header).matches("(?i)retry-after: *\\d+"));
        try (DeviceClient device = DeviceClient.connect(URI.create(dev.deviceUrl()))) {
            assertThat(device.hello(null)).hasSize(32);
        }
    }

    @Test
    void putsToOneEndpointBeyondTheBurstGet429WithRetryAfter() {
        try (DeviceClient device = DeviceClient.connect(URI.create(dev.deviceUrl()))) {
            device.hello(null);
            String endpoint = device.register(UUID.randomUUID().toString());
            String other = device.register(UUID.randomUUID().toString());
            AppServerClient app = new AppServerClient();
            for (int version = 1; version <= PUT_BURST; version++) {
                assertThat(app.putVersion(endpoint, version).status()).isEqualTo(200);
            }

            AppServerClient.Response limited = app.putVersion(endpoint, PUT_BURST + 1);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("\"Too Many Requests\"");
            assertThat(limited.header("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(app.putVersion(other, 1).status()).as("another endpoint").isEqualTo(200);
        }
    }

    /** An upgrade request from {@code localAddress}; the status line and headers of the answer. */
    private List<String> upgradeFrom(String localAddress) throws Exception {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", dev.wsPort()), 10_000);
        socket.setSoTimeout(10_000);
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

    @AfterEach
    void closeSockets() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
