package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.connection.RecordingOutbound;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.token.EndpointTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.2 violations in frame headers, sent by hand: each closes its socket with 1002 at
 * once, and a frame or a request head left unfinished is closed after the read timeout.
 */
class FrameViolationTest {
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(600);

    private ExecutorService workers;
    private ScheduledTimers timers;
    private NodeWebSocketServer server;
    private final ConnectionRegistry registry = new ConnectionRegistry();

    @BeforeEach
    void startServer() {
        workers = Executors.newFixedThreadPool(2);
        timers = new ScheduledTimers("test-timers");
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, MAX_MESSAGE_BYTES,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, new RecordingOutbound(), timers,
                Clock.systemUTC(), EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())), registry,
                new ConnectionIds(), new MessageParser(), workers);
        server = NodeWebSocketServer.start("127.0.0.1", 0, MAX_MESSAGE_BYTES, context,
                TransportLimits.DEFAULT.withReadTimeouts(READ_TIMEOUT, READ_TIMEOUT));
    }

    @AfterEach
    void stopServer() {
        server.close();
        timers.close();
        workers.shutdownNow();
    }

    @Test
    void aSixtyFourBitLengthWithItsMostSignificantBitSetClosesWith1002() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            byte[] header = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4};
            raw.write(header);

            assertThat(raw.awaitClose().closeCode()).isEqualTo(1002);
            assertThat(raw.awaitEnd()).as("the TCP connection ends").isTrue();
        }
    }

    @Test
    void aReservedBitClosesWith1002() throws Exception {
        assertClosedWith1002(RawSocket.frame(0x81 | 0x40, "{}".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        assertClosedWith1002(RawSocket.frame(0x81, "{}".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void aControlFrameAbove125BytesClosesWith1002() throws Exception {
        byte[] payload = new byte[126];
        Arrays.fill(payload, (byte) 'p');
        assertClosedWith1002(RawSocket.frame(0x89, payload, true));
    }

    @Test
    void aFrameCutShortIsClosedAfterTheReadTimeout() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            byte[] whole = RawSocket.frame(0x81, "{\"messageType\":\"ping\"}".getBytes(StandardCharsets.UTF_8), true);
            raw.write(Arrays.copyOf(whole, 8));

            long started = System.nanoTime();
            assertThat(raw.awaitEnd()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(READ_TIMEOUT.dividedBy(2));
        }
    }

    @Test
    void aHalfSentHeaderIsClosedAfterTheReadTimeout() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            raw.write(new byte[] {(byte) 0x81});

            assertThat(raw.awaitEnd()).isTrue();
        }
    }

    @Test
    void aFragmentedMessageLeftUnfinishedAcrossAPingIsStillClosedAfterTheReadTimeout() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            raw.write(RawSocket.frame(0x01, "{\"messageType\":".getBytes(StandardCharsets.UTF_8), true)); // no FIN
            raw.write(RawSocket.frame(0x89, new byte[0], true)); // a ping between the fragments

            assertThat(raw.readFrame().opcode()).as("the pong").isEqualTo(0xA);
            assertThat(raw.awaitEnd()).isTrue();
        }
    }

    @Test
    void anIdleSocketBetweenFramesIsLeftOpen() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            raw.sendText("{}");
            assertThat(raw.readFrame().text()).isEqualTo("{}");
            raw.setTimeoutMillis((int) READ_TIMEOUT.multipliedBy(3).toMillis());

            assertThat(raw.awaitEnd()).as("closed while idle").isFalse();
            raw.sendText("{}");
            assertThat(raw.readFrame().text()).isEqualTo("{}");
        }
    }

    @Test
    void anUnfinishedRequestHeadIsClosedAfterTheReadTimeout() throws Exception {
        try (RawSocket raw = RawSocket.open(server.port())) {
            raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.awaitEnd()).isTrue();
        }
    }

    @Test
    void aRequestThatIsNoUpgradeIsAnsweredAndClosedWithoutWaitingForItsBody() throws Exception {
        try (RawSocket raw = RawSocket.open(server.port())) {
            raw.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\nab")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.readHead()).startsWith("HTTP/1.1 ");
            raw.setTimeoutMillis((int) READ_TIMEOUT.dividedBy(2).toMillis());
            assertThat(raw.awaitEnd()).as("closed at once, before the read timeout").isTrue();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheReadTimeout() throws Exception {
        try (RawSocket raw = RawSocket.open(server.port())) {
            assertThat(raw.awaitEnd()).isTrue();
        }
    }

    private void assertClosedWith1002(byte[] frame) throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port())) {
            raw.write(frame);

            assertThat(raw.awaitClose().closeCode()).isEqualTo(1002);
            assertThat(raw.awaitEnd()).as("the TCP connection ends").isTrue();
        }
    }
}
