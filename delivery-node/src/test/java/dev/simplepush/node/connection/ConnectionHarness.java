package dev.simplepush.node.connection;

import dev.simplepush.node.protocol.MessageParser;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * One connection wired to recorders, driven synchronously: every event runs to completion on the
 * calling thread before the call returns.
 */
final class ConnectionHarness {
    static final int NODE_ID = 3;
    static final String ENDPOINT_BASE = "https://push.example.net";
    static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    final RecordingSocket socket = new RecordingSocket();
    final RecordingOutbound outbound = new RecordingOutbound();
    final ManualTimers time = new ManualTimers();
    final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    final ConnectionRegistry registry = new ConnectionRegistry();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NodeMetrics metrics = new NodeMetrics(meters);
    final ConnectionSettings settings;
    final Connection connection;

    static final long MAX_QUEUED_CHARS = 64 * 1024;

    ConnectionHarness() {
        this(settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100));
    }

    ConnectionHarness(ConnectionSettings settings) {
        this(settings, HelloBalancer.OFF);
    }

    ConnectionHarness(HelloBalancer balancer) {
        this(settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100), balancer);
    }

    ConnectionHarness(ConnectionSettings settings, HelloBalancer balancer) {
        this(settings, balancer, BroadcastVersions.NONE, new MessageParser());
    }

    /** Serving {@code broadcasts} (webpush.md W6.1). */
    ConnectionHarness(BroadcastVersions broadcasts) {
        this(settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100), HelloBalancer.OFF, broadcasts,
                new MessageParser());
    }

    ConnectionHarness(ConnectionSettings settings, HelloBalancer balancer, BroadcastVersions broadcasts,
            MessageParser parser) {
        this.settings = settings;
        WebPushSupport webPush = new WebPushSupport(new MessageIds(tokens),
                WebPushSupport.of(tokens).subscriptions(), broadcasts);
        ConnectionContext context = new ConnectionContext(settings, outbound, time, time, tokens, registry,
                new ConnectionIds(), parser, Runnable::run, metrics, balancer, webPush);
        this.connection = context.open(socket);
    }

    static ConnectionSettings settings(Duration helloTimeout, Duration minPingInterval, int maxQueued) {
        return new ConnectionSettings(NODE_ID, ENDPOINT_BASE, maxQueued, MAX_QUEUED_CHARS, helloTimeout,
                minPingInterval, Duration.ofSeconds(10));
    }

    void receive(String text) {
        connection.receiveText(text);
    }

    void command(NodeCommand command) {
        connection.receiveCommand(command);
    }

    /** The hello event last sent to streams-state. */
    DeviceEvent.Hello lastHello() {
        List<DeviceEvent.Hello> hellos = outbound.eventsOf(DeviceEvent.Hello.class);
        return hellos.get(hellos.size() - 1);
    }

    void answerHello(NodeCommand.HelloOutcome outcome) {
        command(new NodeCommand.HelloResult(NODE_ID, connection.id(), lastHello().uaid(), outcome));
    }

    /** Hello with {@link #UAID}, accepted: the connection is identified. */
    ConnectionHarness identified() {
        receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        answerHello(NodeCommand.HelloOutcome.ACCEPTED);
        return this;
    }

    /** Hello with {@link #UAID} and {@code use_webpush}, accepted: identified in data mode (W1.1). */
    ConnectionHarness identifiedInDataMode() {
        receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"use_webpush\":true}");
        answerHello(NodeCommand.HelloOutcome.ACCEPTED);
        return this;
    }

    /** A message id of this harness's token keys. */
    String messageId(String uaid, String channelId, String key) {
        return new MessageIds(tokens).encode(MessageRef.unique(uaid, channelId, key));
    }

    /** An aes128gcm message of {@link #UAID} on {@code channelId}, its unique key {@code key}. */
    PushMessage pushMessage(String channelId, String key, String data) {
        return new PushMessage(channelId, messageId(UAID, channelId, key), 60, data,
                data == null ? null : PushHeaders.aes128gcm());
    }

    /** Web Push messages for this connection (W3.1), with {@code replyTo} for a live delivery. */
    NodeCommand.Deliver pushDelivery(NodeCommand.ReplyTo replyTo, PushMessage... messages) {
        return new NodeCommand.Deliver(NODE_ID, connection.id(), UAID, List.of(), replyTo, false, List.of(messages));
    }

    /** Writes an update of each channel to the device, so its acks of them are passed on. */
    ConnectionHarness delivered(String... channelIds) {
        for (String channelId : channelIds) {
            command(new NodeCommand.Deliver(NODE_ID, connection.id(), UAID, List.of(Update.of(channelId, 1)), null));
        }
        return this;
    }

    NodeCommand.Deliver delivery(long version, NodeCommand.ReplyTo replyTo) {
        return new NodeCommand.Deliver(NODE_ID, connection.id(), UAID, List.of(Update.of(CHID, version)), replyTo);
    }
}
