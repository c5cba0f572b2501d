package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.node.connection.ConnectionContext;
import dev.simplepush.node.connection.ConnectionIds;
import dev.simplepush.node.connection.ConnectionRegistry;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.connection.RecordingOutbound;
import dev.simplepush.node.connection.ScheduledTimers;
import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.java_websocket.enums.Opcode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Undertow transport with a real WebSocket client, and recorders in place of Kafka: the
 * spec's transport rules (§1) that only a real socket can show.
 */
class WebSocketTransportTest {
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";

    private final RecordingOutbound outbound = new RecordingOutbound();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private ExecutorService workers;
    private ScheduledTimers timers;
    private NodeWebSocketServer server;

    @BeforeEach
    void startServer() {
        workers = Executors.newFixedThreadPool(2);
        timers = new ScheduledTimers("test-timers");
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, MAX_MESSAGE_BYTES, Duration.ofSeconds(30),
                Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, outbound, timers, Clock.systemUTC(),
                EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())), registry, new ConnectionIds(),
                new MessageParser(), workers);
        server = NodeWebSocketServer.start("127.0.0.1", 0, MAX_MESSAGE_BYTES, context);
    }

    @AfterEach
    void stopServer() {
        server.close();
        timers.close();
        workers.shutdownNow();
    }

    private DeviceEvent.Hello awaitHello() {
        return await().until(() -> outbound.eventsOf(DeviceEvent.Hello.class), hellos -> !hellos.isEmpty()).get(0);
    }

    private void command(NodeCommand command) {
        registry.find(command.connectionId()).orElseThrow().receiveCommand(command);
    }

    @Test
    void theSubprotocolIsEchoedWhenOffered() throws Exception {
        TestDevice device = TestDevice.connect(server.port(), "/", true);

        assertThat(device.selectedSubprotocol).isEqualTo("push-notification");
        device.send("{}");
        assertThat(device.next()).isEqualTo("{}");
        device.closeBlocking();
    }

    @Test
    void theSubprotocolIsNotRequired() throws Exception {
        TestDevice device = TestDevice.connect(server.port(), "/", false);

        assertThat(device.selectedSubprotocol).isEmpty();
        device.send("");
        assertThat(device.next()).isEqualTo("{}");
        device.closeBlocking();
    }

    @Test
    void anyPathUpgrades() throws Exception {
        TestDevice device = TestDevice.connect(server.port(), "/some/path?x=1", false);

        device.send("{\"messageType\":\"ping\"}");
        assertThat(device.next()).isEqualTo("{}");
        device.closeBlocking();
    }

    @Test
    void aTwoHundredKibMessageGetsAJsonReply() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        String uaid = "a".repeat(200 * 1024);
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[]}");

        assertThat(device.next()).endsWith("\"status\":503,\"error\":\"Service Unavailable\"}");
        assertThat(device.awaitCloseCode()).isEqualTo(1000);
    }

    @Test
    void aMessageAboveTheLimitClosesOnlyItsSocketWith1009() throws Exception {
        TestDevice bystander = TestDevice.connect(server.port());
        TestDevice device = TestDevice.connect(server.port());
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + "a".repeat(MAX_MESSAGE_BYTES) + "\"}");

        assertThat(device.awaitCloseCode()).isEqualTo(1009);
        assertThat(device.received).isEmpty();
        bystander.send("{}");
        assertThat(bystander.next()).isEqualTo("{}");
        bystander.closeBlocking();
    }

    @Test
    void aBinaryFrameClosesWithoutReply() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(device.awaitCloseCode()).isEqualTo(1003);
        assertThat(device.received).isEmpty();
    }

    @Test
    void nonJsonTextClosesWithoutReply() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("[\"hello\"]");

        assertThat(device.awaitCloseCode()).isEqualTo(1003);
        assertThat(device.received).isEmpty();
    }

    @Test
    void anEchoErrorIsFollowedByANormalClose() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("{\"messageType\":\"Register\",\"channelID\":\"x\"}");

        assertThat(device.next()).isEqualTo(
                "{\"messageType\":\"Register\",\"channelID\":\"x\",\"status\":401,\"error\":\"Invalid Command\"}");
        assertThat(device.awaitCloseCode()).isEqualTo(1000);
    }

    @Test
    void fragmentsAreReassembledIntoOneMessage() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("{\"messageType\":".getBytes(StandardCharsets.UTF_8)),
                false);
        device.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("\"ping\"}".getBytes(StandardCharsets.UTF_8)),
                true);

        assertThat(device.next()).isEqualTo("{}");
        device.closeBlocking();
    }

    @Test
    void aHelloRegisterAndDeliveryRoundTrip() throws Exception {
        TestDevice device = TestDevice.connect(server.port(), "/", true);
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        DeviceEvent.Hello hello = awaitHello();
        String connection = hello.connectionId();

        command(new NodeCommand.HelloResult(0, connection, UAID, NodeCommand.HelloOutcome.ACCEPTED));
        assertThat(device.next()).isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"status\":200}");

        command(new NodeCommand.Deliver(0, connection, UAID, List.of(new Update("c", 12, "d")),
                new NodeCommand.ReplyTo(4, "req")));
        assertThat(device.next()).isEqualTo(
                "{\"messageType\":\"notification\",\"updates\":[{\"channelID\":\"c\",\"version\":12,\"data\":\"d\"}]}");
        await().untilAsserted(() -> assertThat(outbound.replies)
                .containsExactly(new GatewayReply(4, "req", PutOutcome.DELIVERED)));
        device.closeBlocking();
    }

    @Test
    void aCloseFrameMakesTheDeviceOfflineAndIsReported() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        String connection = awaitHello().connectionId();
        command(new NodeCommand.HelloResult(0, connection, UAID, NodeCommand.HelloOutcome.ACCEPTED));
        device.next();

        device.closeBlocking();

        await().untilAsserted(() -> assertThat(outbound.eventsOf(DeviceEvent.Disconnect.class))
                .extracting(DeviceEvent::connectionId).containsExactly(connection));
        assertThat(registry.find(connection)).isEmpty();
    }

    @Test
    void aTakeoverClosesTheOldSocketNormally() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        String connection = awaitHello().connectionId();
        command(new NodeCommand.HelloResult(0, connection, UAID, NodeCommand.HelloOutcome.ACCEPTED));
        device.next();

        command(new NodeCommand.CloseConnection(0, connection, UAID));

        assertThat(device.awaitCloseCode()).isEqualTo(1000);
    }
}
