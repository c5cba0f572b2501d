package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.node.connection.ClientError;
import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.connection.NodeMetrics;
import dev.simplepush.node.connection.RecordingOutbound;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
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
 * What one socket may hold of the node, with a real listener: sockets before the upgrade count
 * toward the connection limit, and a device that does not read is dropped once its queue passes
 * its bound or its oldest frame the write timeout, every PUT still answered (stored, not lost).
 */
class SocketBudgetTest {
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String DATA = "d".repeat(4_000);

    private final RecordingOutbound outbound = new RecordingOutbound();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private ExecutorService workers;
    private ScheduledTimers timers;
    private NodeWebSocketServer server;

    @BeforeEach
    void startWorkers() {
        workers = Executors.newFixedThreadPool(2);
        timers = new ScheduledTimers("test-timers");
    }

    private void start(TransportLimits limits) {
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, MAX_MESSAGE_BYTES,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, outbound, timers, Clock.systemUTC(),
                EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())), registry, new ConnectionIds(),
                new MessageParser(), workers, new NodeMetrics(meters));
        server = NodeWebSocketServer.start("127.0.0.1", 0, MAX_MESSAGE_BYTES, context, limits);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        timers.close();
        workers.shutdownNow();
    }

    private double count(MetricName metric, String tag) {
        Counter counter = meters.find(metric.meterName()).tag(metric.tagKey(), tag).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void socketsStillSendingTheirRequestHeadCountTowardTheConnectionLimit() throws Exception {
        start(TransportLimits.DEFAULT.withMaxConnections(3));
        for (int i = 0; i < 3; i++) {
            clients.add(RawSocket.open(server.port()));
        }
        await().until(() -> server.openSockets() == 3);

        try (RawSocket late = RawSocket.open(server.port())) {
            late.write(RawSocket.upgradeRequest().getBytes(StandardCharsets.US_ASCII));
            assertThat(late.readHead()).startsWith("HTTP/1.1 503");
            assertThat(late.awaitEnd()).as("a refused socket is not kept").isTrue();
        }
        assertThat(count(MetricName.NODE_UPGRADES_REFUSED, "capacity")).isEqualTo(1);
        assertThat(registry.size()).isZero();

        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
        await().untilAsserted(() -> {
            try (RawSocket upgraded = RawSocket.upgraded(server.port())) {
                assertThat(upgraded).isNotNull();
            }
        });
    }

    @Test
    void beyondTheAcceptLimitConnectionsWaitInTheBacklogInsteadOfTakingFiles() throws Exception {
        TransportLimits limits = TransportLimits.DEFAULT.withMaxConnections(2);
        start(limits);
        for (int i = 0; i < limits.acceptHighWater() + 5; i++) {
            Socket socket = new Socket("127.0.0.1", server.port()); // completes in the kernel's backlog
            clients.add(socket);
        }

        try (RawSocket late = RawSocket.open(server.port())) {
            late.setTimeoutMillis(300);
            late.write(RawSocket.upgradeRequest().getBytes(StandardCharsets.US_ASCII));
            assertThat(late.awaitEnd()).as("not even accepted, so not answered").isFalse();
        }
    }

    @Test
    void aDeviceThatDoesNotReadIsDroppedAtItsOutboundBoundAndEveryPutIsStillAnswered() throws Exception {
        start(TransportLimits.DEFAULT.withOutbound(MAX_MESSAGE_BYTES, Duration.ZERO));
        String connection = identifiedDeviceThatNeverReads();

        int puts = 3_000; // 12 MB: more than the kernel's buffers and the bound together
        for (int i = 0; i < puts; i++) {
            deliver(connection, i);
        }

        await().until(() -> registry.size() == 0);
        assertThat(count(MetricName.NODE_CLIENT_ERRORS, ClientError.OUTBOUND_FULL.tag())).isEqualTo(1);
        await().untilAsserted(() -> assertThat(outbound.replies).hasSize(puts));
        assertThat(outbound.replies).extracting(GatewayReply::outcome).contains(PutOutcome.STORED);
        assertThat(outbound.eventsOf(DeviceEvent.Disconnect.class)).hasSize(1);
    }

    @Test
    void aDeviceThatDoesNotReadIsDroppedAfterTheWriteTimeout() throws Exception {
        start(TransportLimits.DEFAULT.withOutbound(64L * 1024 * 1024, Duration.ofMillis(500)));
        String connection = identifiedDeviceThatNeverReads();

        int puts = 3_000;
        for (int i = 0; i < puts; i++) {
            deliver(connection, i);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
        assertThat(count(MetricName.NODE_CLIENT_ERRORS, ClientError.WRITE_TIMEOUT.tag())).isEqualTo(1);
        await().untilAsserted(() -> assertThat(outbound.replies).hasSize(puts));
        assertThat(outbound.replies).extracting(GatewayReply::outcome).contains(PutOutcome.STORED);
    }

    /** A device that says hello, then never reads again (a small receive buffer fills at once). */
    private String identifiedDeviceThatNeverReads() throws IOException {
        RawSocket device = RawSocket.upgraded(server.port(), 4096);
        clients.add(device);
        device.sendText("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        DeviceEvent.Hello hello = await().until(() -> outbound.eventsOf(DeviceEvent.Hello.class),
                hellos -> !hellos.isEmpty()).get(0);
        registry.find(hello.connectionId()).orElseThrow().receiveCommand(
                new NodeCommand.HelloResult(0, hello.connectionId(), UAID, NodeCommand.HelloOutcome.ACCEPTED));
        return hello.connectionId();
    }

    private void deliver(String connection, int version) {
        registry.find(connection).ifPresentOrElse(
                found -> found.receiveCommand(new NodeCommand.Deliver(0, connection, UAID,
                        List.of(new Update("c", version, DATA)), new NodeCommand.ReplyTo(1, "req-" + version))),
                // Gone already: streams-state stores it without asking the node, as for any offline device.
                () -> outbound.replies.add(new GatewayReply(1, "req-" + version, PutOutcome.STORED)));
    }
}
