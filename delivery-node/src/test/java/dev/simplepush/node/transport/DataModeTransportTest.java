package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A data-mode session as Firefox holds it (webpush.md W1, W2, W3.1, W6.1), over a real WebSocket:
 * the largest message arrives byte-exact through the node's small I/O buffers, and nothing a
 * current Firefox sends closes the socket.
 */
class DataModeTransportTest {
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingOutbound outbound = new RecordingOutbound();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private ExecutorService workers;
    private ScheduledTimers timers;
    private NodeWebSocketServer server;

    @BeforeEach
    void startServer() {
        workers = Executors.newFixedThreadPool(2);
        timers = new ScheduledTimers("test-timers");
        ConnectionSettings settings = new ConnectionSettings(0, "http://localhost:8081", 100, MAX_MESSAGE_BYTES,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10));
        ConnectionContext context = new ConnectionContext(settings, outbound, timers, Clock.systemUTC(), tokens,
                registry, new ConnectionIds(), new MessageParser(), workers);
        server = NodeWebSocketServer.start("127.0.0.1", 0, MAX_MESSAGE_BYTES, context);
    }

    @AfterEach
    void stopServer() {
        server.close();
        timers.close();
        workers.shutdownNow();
    }

    private <T extends DeviceEvent> T awaitEvent(Class<T> type) {
        return await().until(() -> outbound.eventsOf(type), events -> !events.isEmpty()).get(0);
    }

    private void command(NodeCommand command) {
        registry.find(command.connectionId()).orElseThrow().receiveCommand(command);
    }

    @Test
    void aFirefoxSessionInDataModeGetsItsMessageByteExactAndStaysOpen() throws Exception {
        TestDevice device = TestDevice.connect(server.port());
        device.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true,\"broadcasts\":{}}");
        DeviceEvent.Hello hello = awaitEvent(DeviceEvent.Hello.class);
        assertThat(hello.webPush()).isTrue();
        command(new NodeCommand.HelloResult(0, hello.connectionId(), UAID, NodeCommand.HelloOutcome.ACCEPTED));
        assertThat(device.next()).isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"" + UAID
                + "\",\"status\":200,\"use_webpush\":true,\"broadcasts\":{}}");

        device.send("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"remote-settings/monitor_changes\":"
                + "\"\\\"0\\\"\"}}");
        device.send("{\"messageType\":\"something_new\"}");
        assertThat(JSON.readTree(device.next()).get("status").intValue()).isEqualTo(401);

        byte[] body = new byte[4096];
        new Random(11).nextBytes(body);
        String messageId = new MessageIds(tokens).encode(MessageRef.unique(UAID, CHID, "abc"));
        command(new NodeCommand.Deliver(0, hello.connectionId(), UAID, List.of(), new NodeCommand.ReplyTo(1, "r"),
                false, List.of(new PushMessage(CHID, messageId, 60,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(body), PushHeaders.aes128gcm()))));
        JsonNode frame = JSON.readTree(device.next());
        assertThat(frame.get("version").textValue()).isEqualTo(messageId);
        assertThat(Base64.getUrlDecoder().decode(frame.get("data").textValue())).isEqualTo(body);
        await().until(() -> outbound.replies, replies -> !replies.isEmpty());
        assertThat(outbound.replies).containsExactly(new GatewayReply(1, "r", PutOutcome.DELIVERED));

        device.send("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID + "\",\"version\":\""
                + messageId + "\",\"code\":100}]}");
        device.send("{\"messageType\":\"nack\",\"version\":\"" + messageId + "\",\"code\":303}");
        assertThat(awaitEvent(DeviceEvent.PushAck.class).entries()).hasSize(1);
        awaitEvent(DeviceEvent.Nack.class);

        device.send("{}");
        assertThat(device.next()).as("no reply to the ack or nack came before this pong").isEqualTo("{}");
        assertThat(device.isOpen()).isTrue();
        device.closeBlocking();
    }
}
