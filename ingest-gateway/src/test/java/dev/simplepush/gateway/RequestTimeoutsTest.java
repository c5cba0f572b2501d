package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.config.ConfigSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients are closed: a request head that never completes (slowloris) after
 * {@code gateway.request.head.timeout}, a body that trickles in after
 * {@code gateway.request.body.timeout}; each is counted, and the connection count returns to zero.
 */
class RequestTimeoutsTest {
    private static final Duration HEAD = Duration.ofMillis(500);
    private static final Duration BODY = Duration.ofMillis(700);

    private TestGateway gateway;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        gateway = new TestGateway(HttpLimits.from(ConfigSource.of(Map.of(
                HttpLimits.HEAD_TIMEOUT, HEAD.toMillis() + "ms", HttpLimits.BODY_TIMEOUT, BODY.toMillis() + "ms"))));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        gateway.close();
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes; true if it did within the socket's timeout. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the server says before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void anUnfinishedRequestHeadIsClosedAfterTheHeadTimeoutEvenWhileBytesKeepComing() throws Exception {
        Socket slow = connect();
        long started = System.nanoTime();
        write(slow, "PUT " + gateway.path() + " HTTP/1.1\r\n");
        for (int i = 0; i < 3; i++) {
            Thread.sleep(HEAD.toMillis() / 4);
            write(slow, "X-" + i + ": y\r\n");
        }

        assertThat(closedByServer(slow)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HEAD.multipliedBy(4));
        assertThat(gateway.clientErrors(ClientErrors.Cause.HEAD_TIMEOUT)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 0);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeadTimeout() throws Exception {
        Socket silent = connect();

        assertThat(closedByServer(silent)).isTrue();
        assertThat(gateway.clientErrors(ClientErrors.Cause.HEAD_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aTricklingBodyIsClosedAfterTheBodyTimeout() throws Exception {
        Socket trickle = connect();
        write(trickle, RawHttp.put(gateway.path(), "Content-Length: 100") + "\r\nversion=");
        for (int i = 0; i < 3; i++) {
            Thread.sleep(BODY.toMillis() / 4);
            write(trickle, "1");
        }

        assertThat(closedByServer(trickle)).isTrue();
        assertThat(gateway.clientErrors(ClientErrors.Cause.BODY_TIMEOUT)).isEqualTo(1);
        assertThat(gateway.written).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 0);
    }

    @Test
    void anUnfinishedSecondRequestHeadOnAKeptAliveConnectionIsClosedToo() throws Exception {
        Socket client = connect();
        write(client, RawHttp.put(gateway.path(), "Content-Length: 9") + "\r\nversion=1");
        assertThat(RawHttp.read(client.getInputStream(), null).status()).isEqualTo(200);
        long started = System.nanoTime();
        write(client, "PUT " + gateway.path() + " HTTP/1.1\r\n");
        for (int i = 0; i < 3; i++) {
            Thread.sleep(HEAD.toMillis() / 4);
            write(client, "X-" + i + ": y\r\n");
        }

        assertThat(closedByServer(client)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HEAD.multipliedBy(4));
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestGateway idle = new TestGateway(HttpLimits.from(ConfigSource.of(Map.of(
                HttpLimits.IDLE_TIMEOUT, "500ms", HttpLimits.HEAD_TIMEOUT, "30s"))));
                Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", idle.port()), 5_000);
            client.setSoTimeout(10_000);
            write(client, RawHttp.put(idle.path(), "Content-Length: 9") + "\r\nversion=1");
            assertThat(RawHttp.read(client.getInputStream(), null).status()).isEqualTo(200);
            long answered = System.nanoTime();

            assertThat(closedByServer(client)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isBetween(Duration.ofMillis(400),
                    Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> idle.openConnections() == 0);
        }
    }

    @Test
    void aBodyTricklingInAfterAnEarly413IsClosedAfterTheBodyTimeout() throws Exception {
        Socket trickle = connect();
        write(trickle, RawHttp.put(gateway.path(), "Content-Length: 1000000") + "\r\nversion=");
        RawHttp.Answer answer = RawHttp.read(trickle.getInputStream(), null);
        assertThat(answer.status()).isEqualTo(413);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(BODY.toMillis() / 4);
            write(trickle, "1");
        }

        assertThat(closedByServer(trickle)).isTrue();
        assertThat(gateway.clientErrors(ClientErrors.Cause.BODY_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aPromptRequestOnAKeptAliveConnectionIsNotTimedOut() throws Exception {
        Socket client = connect();
        for (int i = 1; i <= 3; i++) {
            write(client, RawHttp.put(gateway.path(), "Content-Length: 9") + "\r\nversion=" + i);
            RawHttp.Answer answer = RawHttp.read(client.getInputStream(), null);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            Thread.sleep(HEAD.toMillis() / 2);
        }

        assertThat(gateway.written).hasSize(3);
        assertThat(gateway.clientErrors(ClientErrors.Cause.HEAD_TIMEOUT)).isZero();
        assertThat(gateway.clientErrors(ClientErrors.Cause.BODY_TIMEOUT)).isZero();
    }
}
