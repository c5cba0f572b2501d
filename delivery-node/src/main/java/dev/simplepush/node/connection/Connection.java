package dev.simplepush.node.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.node.protocol.ClientMessage;
import dev.simplepush.node.protocol.EchoError;
import dev.simplepush.node.protocol.ErrorKind;
import dev.simplepush.node.protocol.MessageType;
import dev.simplepush.node.protocol.ParseResult;
import dev.simplepush.node.protocol.ServerMessage;
import dev.simplepush.node.protocol.WakeFields;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Ids;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.MessageRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's WebSocket as an explicit state machine ({@link ConnectionState}). It turns device
 * messages into device events, and node commands into replies and notifications.
 *
 * <p>Threading: the public methods may be called from any thread; each only enqueues an event on
 * this connection's {@link SerialExecutor}, and all state below is touched by those events alone.
 *
 * <p>Ordering (spec §1.8): while a request waits for streams-state (hello, register,
 * unregister), later messages are queued, and handled once the answer has been written. After a
 * hello reply whose result announces a flush, they stay queued until that flush is written too, so
 * the flush comes immediately after the reply (§3.6).
 *
 * <p>Balancing (spec §12): the first hello of a socket, in {@link ConnectionState#AWAITING_HELLO}
 * and before any uaid rule, asks the context's {@link HelloBalancer}. A redirect is answered with
 * status 307 and the peer's URL, then a normal close, and streams-state never hears of it: no
 * uaid decision, no presence, no takeover. A repeated hello on an identified socket is never
 * redirected.
 *
 * <p>Web Push (webpush.md): a hello with {@code use_webpush: true} puts the connection in data
 * mode while {@code webpush.enabled}; the latest hello decides, as streams-state records the mode
 * of the latest hello (W1.3). In data mode a register may carry an application server key (W2.1;
 * a key on a SimplePush-mode connection is ignored, since W2 defines it for data mode only), acks
 * name message ids (W2.3), Web Push messages are written one {@code notification} frame each
 * (W3.1), and an unknown message type is answered without a close (W2.5). {@code nack} and
 * {@code broadcast_subscribe} are accepted in either mode (W2.4, W6.1).
 */
public final class Connection implements BroadcastSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** Twice the spec's channels per uaid (§4.4): room for a device's every channel, re-registered once. */
    private static final int MAX_REMEMBERED_CHANNELS = 1_000;

    private final String id;
    private final DeviceSocket socket;
    private final ConnectionContext context;
    private final ConnectionSettings settings;
    private final SerialExecutor executor;

    /** Set at once, from any thread, when the device counts as offline (spec §9.9). */
    private volatile boolean offline;
    private volatile ConnectionState state = ConnectionState.AWAITING_HELLO;
    /** The uaid of the last hello sent to streams-state, answered or not. */
    private volatile String uaid;
    /** Web Push data mode (W1.1): the last hello sent asked for it and it is enabled. */
    private volatile boolean dataMode;
    /** The {@code broadcasts} of the last hello, for its reply in data mode (W6.1). */
    private Map<String, String> helloBroadcasts = Map.of();
    /** Whether this connection is counted in the data-mode connections gauge. */
    private boolean countedDataMode;
    /** The broadcast ids this connection follows (W6); null until it subscribes to one. */
    private ConnectionBroadcasts broadcasts;

    private boolean helloSent;
    private boolean retired;
    private Pending pending;
    private long requestSequence;
    // Small: a queue forms only while a request waits, and every idle device pays for its array.
    private final Queue<Queued> queued = new ArrayDeque<>(2);
    /** Characters held by {@link #queued}, bounded by {@code maxQueuedChars}. */
    private long queuedChars;
    /** Deliveries that arrived before the hello was answered; written once it is. */
    private final List<NodeCommand.Deliver> held = new ArrayList<>();
    private Timers.Cancellable helloTimer = Timers.Cancellable.NONE;
    /** Set between a hello reply and the flush its result announced; the queue waits meanwhile. */
    private FlushWait flushWait;
    private long flushSequence;
    private boolean pinged;
    private long lastPingMillis;
    /** Whether this connection is counted in the registry's identified connections. */
    private boolean countedIdentified;
    /** A hello on this socket carried well-formed wake data (spec §11.2): it may be closed with 4774. */
    private boolean wakeCapable;
    /** When a frame last went either way, for the 4774 idle close. */
    private long lastFrameMillis;
    private Timers.Cancellable idleTimer = Timers.Cancellable.NONE;
    /** {@code node.message.rate}; null when off. */
    private final MessageBudget budget;
    /**
     * Channels this connection has written updates of: an ack entry for any other chid cannot
     * acknowledge anything it was sent, so it is dropped here rather than written to Kafka
     * (and audited) downstream. Null until the first delivery.
     */
    private Set<String> deliveredChannels;

    /** A device message waiting behind an unanswered request: a text, or a binary frame (text null). */
    private record Queued(String text) {
        static final Queued BINARY = new Queued(null);

        int length() {
            return text == null ? 0 : text.length();
        }
    }

    /** A flush announced by a hello result, not yet arrived. */
    private record FlushWait(long sequence, String uaid, Timers.Cancellable timer) {
    }

    /**
     * A request waiting for streams-state's answer.
     *
     * @param appServerKey a data-mode register's key (W2.1), bound into its endpoint; else null
     */
    private record Pending(long sequence, MessageType type, ObjectNode request, String uaid, String channelId,
            Timers.Cancellable timer, byte[] appServerKey) {
    }

    Connection(String id, DeviceSocket socket, ConnectionContext context) {
        this.id = id;
        this.socket = socket;
        this.context = context;
        this.settings = context.settings();
        this.executor = new SerialExecutor(context.workers());
        this.budget = settings.messageRate().enabled() ? new MessageBudget(settings.messageRate(), now()) : null;
    }

    public String id() {
        return id;
    }

    public ConnectionState state() {
        return state;
    }

    /** The uaid of the last hello sent, or null before any. */
    public String uaid() {
        return uaid;
    }

    /** Whether the last hello sent put this connection in Web Push data mode (W1.1). */
    public boolean dataMode() {
        return dataMode;
    }

    // ---- events, from any thread ----

    void start() {
        executor.execute(this::armHelloTimeout);
    }

    /** A complete text message from the device. */
    public void receiveText(String text) {
        executor.execute(() -> onMessage(new Queued(text)));
    }

    /**
     * A binary message: closed without a reply (spec §1.6), but only once everything that arrived
     * before it has been answered (§1.8), like any other message.
     */
    public void receiveBinary() {
        executor.execute(() -> onMessage(Queued.BINARY));
    }

    /** A command for this connection from its node's partition of {@code node-commands}. */
    public void receiveCommand(NodeCommand command) {
        executor.execute(() -> onCommand(command));
    }

    /** A broadcast this connection may follow changed (W6); {@code handled} runs once it is dealt with. */
    @Override
    public void broadcastChanged(String id, Runnable handled) {
        executor.execute(() -> {
            try {
                onBroadcastChanged(id);
            } finally {
                handled.run();
            }
        });
    }

    /** The peer's close frame arrived or the socket failed: offline from this moment. */
    public void transportClosed() {
        offline = true;
        context.registry().remove(this);
        context.registry().socketClosed(this);
        executor.execute(this::onTransportClosed);
    }

    /** The node is stopping. */
    public void shutdown() {
        executor.execute(() -> closeWith(CloseCode.GOING_AWAY, "node shutting down"));
    }

    // ---- device messages ----

    private void armHelloTimeout() {
        if (!settings.helloTimeout().isZero() && state.isReading()) {
            helloTimer = context.timers().schedule(settings.helloTimeout(),
                    () -> executor.execute(this::onHelloTimeout));
        }
    }

    private void onHelloTimeout() {
        if (state == ConnectionState.AWAITING_HELLO || state == ConnectionState.HELLO_PENDING) {
            LOG.debug("connection {}: no hello within {}", id, settings.helloTimeout());
            closeWith(CloseCode.NORMAL, "no hello in time");
        }
    }

    private void onMessage(Queued message) {
        if (!state.isReading()) {
            return;
        }
        lastFrameMillis = now();
        if (budget != null && !budget.take(lastFrameMillis, MessageBudget.cost(message.length()))) {
            context.metrics().clientError(ClientError.MESSAGE_RATE, id);
            closeWith(CloseCode.POLICY_VIOLATION, "message rate exceeded");
            return;
        }
        if (isHolding() || !queued.isEmpty()) {
            long chars = queuedChars + message.length();
            if (queued.size() >= settings.maxQueuedMessages() || chars > settings.maxQueuedChars()) {
                context.metrics().clientError(ClientError.QUEUE_FULL, id);
                closeWith(CloseCode.POLICY_VIOLATION, "too many queued messages");
                return;
            }
            queued.add(message);
            queuedChars = chars;
            return;
        }
        handle(message);
    }

    /** True while later messages must wait: for a request's answer, or for a hello's flush. */
    private boolean isHolding() {
        return pending != null || flushWait != null;
    }

    private void drainQueue() {
        while (!isHolding() && state.isReading() && !queued.isEmpty()) {
            Queued next = queued.poll();
            queuedChars -= next.length();
            handle(next);
        }
    }

    private void handle(Queued message) {
        if (message.text() == null) {
            closeWith(CloseCode.UNSUPPORTED_DATA, "binary messages are not supported");
        } else {
            handle(message.text());
        }
    }

    private void handle(String text) {
        ParseResult result = context.parser().parse(text);
        if (result instanceof ParseResult.Unreadable unreadable) {
            closeWith(CloseCode.UNSUPPORTED_DATA, unreadable.reason());
        } else if (result instanceof ParseResult.Rejected rejected) {
            if (rejected.cause() == ParseResult.Cause.ACK_TOO_LARGE) {
                context.metrics().clientError(ClientError.ACK_SIZE, id);
            }
            if (rejected.cause() == ParseResult.Cause.UNKNOWN_TYPE && dataMode) {
                // W2.5: a data-mode device (a current Firefox) may speak types we do not know yet.
                context.metrics().unknownTypeEchoed();
                send(EchoError.render(rejected.source(), rejected.error().status()));
                return;
            }
            echoError(rejected.source(), rejected.error().status());
        } else if (result instanceof ParseResult.Parsed parsed) {
            try {
                handle(parsed.message());
            } catch (RuntimeException e) {
                LOG.error("connection {}: failed to handle {}", id, parsed.message().type(), e);
                echoError(parsed.message().source(), ErrorKind.UNEXPECTED.status());
            }
        }
    }

    private void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Ping ping) {
            onPing(ping);
        } else if (message instanceof ClientMessage.Purge) {
            send(new ServerMessage.Pong());
        } else if (message instanceof ClientMessage.Hello hello) {
            onHello(hello);
        } else if (message instanceof ClientMessage.BroadcastSubscribe subscribe) {
            // W6.1: in any state and either mode, never a close; nothing is sent when nothing differs.
            sendBroadcasts(subscribe.broadcasts());
        } else if (state != ConnectionState.IDENTIFIED) {
            // Spec §3.8: before hello only hello, ping and purge (a nack included: it has no uaid yet).
            echoError(message.source(), ErrorKind.INVALID_COMMAND.status());
        } else if (message instanceof ClientMessage.Register register) {
            onRegister(register);
        } else if (message instanceof ClientMessage.Unregister unregister) {
            publish(new DeviceEvent.Unregister(uaid, settings.nodeId(), id, unregister.channelId(), now(),
                    unregister.code()));
            context.metrics().unregister();
            await(MessageType.UNREGISTER, unregister.source(), unregister.channelId());
        } else if (message instanceof ClientMessage.Ack ack) {
            if (dataMode) {
                onPushAck(ack);
            } else {
                List<Update> delivered = deliveredOnly(ack.updates());
                if (!delivered.isEmpty()) {
                    publish(new DeviceEvent.Ack(uaid, settings.nodeId(), id, delivered, now()));
                    context.metrics().ack();
                }
            }
        } else if (message instanceof ClientMessage.Nack nack) {
            onNack(nack);
        }
    }

    /**
     * Spec §4; in data mode a {@code key} (W2.1) makes the subscription restricted, and a key that
     * is not a P-256 point is refused with status 400, the socket left open. A SimplePush-mode
     * connection ignores the key: W2 gives it a meaning in data mode only.
     */
    private void onRegister(ClientMessage.Register register) {
        byte[] key = null;
        if (dataMode) {
            if (register.key() instanceof ClientMessage.KeyField.Invalid) {
                context.metrics().invalidKey();
                send(new ServerMessage.RegisterRefused(uaid, register.channelId(),
                        ServerMessage.RegisterRefused.INVALID_KEY_STATUS, ServerMessage.RegisterRefused.INVALID_KEY));
                return;
            }
            if (register.key() instanceof ClientMessage.KeyField.Valid valid) {
                key = valid.bytes();
            }
        }
        publish(new DeviceEvent.Register(uaid, settings.nodeId(), id, register.channelId(), now(), key != null));
        context.metrics().register();
        await(MessageType.REGISTER, register.source(), register.channelId(), key);
    }

    /**
     * W2.3: only entries naming this uaid's messages of channels it was sent ({@link PushAckReader});
     * the entry count is bounded by {@code node.max.ack.updates} in the parser, in either mode. No reply.
     */
    private void onPushAck(ClientMessage.Ack ack) {
        if (deliveredChannels == null) {
            return;
        }
        List<DeviceEvent.PushAckEntry> entries = PushAckReader.entries(context.webPush().messageIds(), uaid,
                ack.pushEntries(), deliveredChannels);
        if (entries.isEmpty()) {
            return;
        }
        publish(new DeviceEvent.PushAck(uaid, settings.nodeId(), id, entries, now()));
        context.metrics().ack();
        entries.forEach(entry -> context.metrics().pushAck(entry.code()));
    }

    /** W2.4: recorded with the message it names, if it is one of this uaid's; no reply, no close. */
    private void onNack(ClientMessage.Nack nack) {
        MessageRef ref = nack.messageId() == null ? null : PushAckReader.own(context.webPush().messageIds(), uaid,
                nack.messageId()).orElse(null);
        publish(new DeviceEvent.Nack(uaid, settings.nodeId(), id, ref == null ? null : ref.channelId(),
                ref == null ? null : ref.kind(), ref == null ? null : ref.key(), nack.code(), now()));
        context.metrics().nack(nack.code());
    }

    /** W6.1: a {@code broadcast} message with the versions that differ, if any; the ids are followed. */
    private void sendBroadcasts(Map<String, String> client) {
        if (client.isEmpty()) {
            return;
        }
        sendBroadcastFrame(broadcasts().add(client));
    }

    private void sendBroadcastFrame(Map<String, String> changed) {
        if (!changed.isEmpty()) {
            context.webPush().broadcasts().frameSent();
            send(new ServerMessage.Broadcast(changed));
        }
    }

    private ConnectionBroadcasts broadcasts() {
        if (broadcasts == null) {
            broadcasts = new ConnectionBroadcasts(context.webPush().broadcasts(), this);
        }
        return broadcasts;
    }

    /** W6: a change fanned out; held back between a hello reply and its flush (§3.6). */
    private void onBroadcastChanged(String id) {
        if (broadcasts == null || state != ConnectionState.IDENTIFIED) {
            return;
        }
        if (flushWait != null) {
            broadcasts.defer(id);
            return;
        }
        String version = broadcasts.changed(id);
        if (version != null) {
            context.webPush().broadcasts().frameSent();
            send(context.webPush().broadcasts().frame(id, version));
        }
    }

    private void releaseBroadcasts() {
        if (broadcasts != null) {
            sendBroadcastFrame(broadcasts.releaseDeferred());
        }
    }

    /** The hello's {@code broadcasts} replace the followed ids; the answer goes in the hello reply. */
    private Map<String, String> helloBroadcastAnswer() {
        if (helloBroadcasts.isEmpty() && broadcasts == null) {
            return Map.of();
        }
        return broadcasts().replace(helloBroadcasts);
    }

    /** The entries whose channel this connection has written an update of (spec §7.4: others match nothing). */
    private List<Update> deliveredOnly(List<Update> updates) {
        if (deliveredChannels == null) {
            return List.of();
        }
        List<Update> kept = new ArrayList<>(updates.size());
        for (Update update : updates) {
            if (deliveredChannels.contains(update.channelId())) {
                kept.add(update);
            }
        }
        return kept;
    }

    /** Spec §8.3: the first ping is always answered; one too soon after the last answered one is not. */
    private void onPing(ClientMessage.Ping ping) {
        long now = now();
        long minInterval = settings.minPingInterval().toMillis();
        if (pinged && minInterval > 0 && now - lastPingMillis < minInterval) {
            echoError(ping.source(), ErrorKind.INVALID_COMMAND.status());
            return;
        }
        pinged = true;
        lastPingMillis = now;
        send(settings.longPongs() ? new ServerMessage.LongPong() : new ServerMessage.Pong());
    }

    /** Spec §3.3 rules 1 to 3; streams-state applies rules 4 to 6 and answers. */
    private void onHello(ClientMessage.Hello hello) {
        if (state == ConnectionState.AWAITING_HELLO && redirected(hello)) {
            return;
        }
        boolean webPush = hello.useWebPush() && settings.webPushEnabled();
        if (state == ConnectionState.IDENTIFIED) {
            if (hello.uaid() == null || hello.uaid().equals(uaid)) {
                // Zero channels: a uaid this socket already holds must never be reset by a re-hello.
                sendHello(hello.source(), uaid, 0, false, webPush, hello.broadcasts());
            } else {
                echoError(hello.source(), ErrorKind.SERVICE_UNAVAILABLE.status());
            }
        } else if (hello.uaid() == null) {
            sendHello(hello.source(), Ids.newUaid(), hello.channelCount(), true, webPush, hello.broadcasts());
        } else if (!Ids.isValid(hello.uaid())) {
            echoError(hello.source(), ErrorKind.SERVICE_UNAVAILABLE.status());
        } else {
            sendHello(hello.source(), hello.uaid(), hello.channelCount(), false, webPush, hello.broadcasts());
        }
    }

    /**
     * Spec §12, decided before the uaid rules: a node at or above its threshold with a live peer
     * below its own answers 307 and closes. True when the hello was answered so.
     */
    private boolean redirected(ClientMessage.Hello hello) {
        HelloBalancer.Decision decision = context.balancer().decide(context.registry().identifiedCount());
        return switch (decision.outcome()) {
            case BELOW_THRESHOLD -> false;
            case NO_PEER -> {
                context.metrics().redirectWithoutPeer();
                yield false;
            }
            case REDIRECT -> {
                redirect(hello, decision.redirect());
                yield true;
            }
        };
    }

    /** Answers 307 with the peer's URL, then closes normally once that is written. */
    private void redirect(ClientMessage.Hello hello, String url) {
        // §3.5: the uaid must be non-empty; keep the device's own when it is a valid id.
        String replyUaid = hello.uaid() != null && Ids.isValid(hello.uaid()) ? hello.uaid() : Ids.newUaid();
        context.metrics().redirected();
        LOG.debug("connection {}: redirected to {}", id, url);
        enterClosing();
        socket.send(new ServerMessage.HelloRedirect(replyUaid, url).toJson(),
                written -> executor.execute(() -> socket.close(CloseCode.NORMAL.code(), "redirected")));
    }

    private void sendHello(ObjectNode request, String helloUaid, int channelCount, boolean generated,
            boolean webPush, Map<String, String> broadcasts) {
        uaid = helloUaid;
        helloSent = true;
        dataMode = webPush;
        helloBroadcasts = broadcasts;
        if (state == ConnectionState.AWAITING_HELLO) {
            state = ConnectionState.HELLO_PENDING;
        }
        WakeData wake = WakeFields.of(request);
        wakeCapable |= wake != null;
        long sentAt = now();
        publish(new DeviceEvent.Hello(helloUaid, settings.nodeId(), id, channelCount, generated, sentAt, wake,
                sentAt + settings.requestTimeout().toMillis(), webPush));
        await(MessageType.HELLO, request, null);
    }

    private void await(MessageType type, ObjectNode request, String channelId) {
        await(type, request, channelId, null);
    }

    private void await(MessageType type, ObjectNode request, String channelId, byte[] appServerKey) {
        long sequence = ++requestSequence;
        Timers.Cancellable timer = context.timers().schedule(settings.requestTimeout(),
                () -> executor.execute(() -> onRequestTimeout(sequence)));
        pending = new Pending(sequence, type, request, uaid, channelId, timer, appServerKey);
    }

    private void onRequestTimeout(long sequence) {
        if (pending != null && pending.sequence() == sequence && state.isReading()) {
            LOG.warn("connection {}: no answer to {} within {}, storage unavailable", id, pending.type(),
                    settings.requestTimeout());
            echoError(pending.request(), ErrorKind.SERVICE_UNAVAILABLE.status());
        }
    }

    // ---- node commands ----

    private void onCommand(NodeCommand command) {
        try {
            if (command instanceof NodeCommand.Deliver deliver) {
                onDeliver(deliver);
            } else if (command instanceof NodeCommand.HelloResult result) {
                onHelloResult(result);
            } else if (command instanceof NodeCommand.RegisterResult result) {
                onRegisterResult(result);
            } else if (command instanceof NodeCommand.UnregisterResult result) {
                onUnregisterResult(result);
            } else if (command instanceof NodeCommand.CloseConnection) {
                LOG.debug("connection {}: taken over by a newer connection of {}", id, uaid);
                closeWith(CloseCode.NORMAL, "another connection took over");
            }
        } catch (RuntimeException e) {
            LOG.error("connection {}: failed to apply {}", id, command.getClass().getSimpleName(), e);
            closeWith(CloseCode.INTERNAL_ERROR, "internal error");
        }
    }

    private void onHelloResult(NodeCommand.HelloResult result) {
        Pending request = takePending(MessageType.HELLO, result.uaid(), null);
        if (request == null) {
            return;
        }
        context.metrics().hello(result.outcome());
        switch (result.outcome()) {
            case ACCEPTED -> {
                send(new ServerMessage.HelloReply(uaid, dataMode, helloBroadcastAnswer()));
                if (dataMode) {
                    context.metrics().webPushHello();
                }
                countDataMode(dataMode);
                if (state == ConnectionState.HELLO_PENDING) {
                    state = ConnectionState.IDENTIFIED;
                    helloTimer.cancel();
                    countedIdentified = true;
                    context.registry().identified();
                    // A cancelled future still holds its task: let both go (about 150 bytes a device).
                    helloTimer = Timers.Cancellable.NONE;
                }
                armIdleTimeout();
                if (result.flushFollows()) {
                    // Deliveries held so far are newer than what the flush carries: they wait for it.
                    awaitFlush();
                } else {
                    releaseHeld();
                }
                drainQueue();
            }
            // Spec §3.3 rules 4 and 5: the uaid is given up; a fresh one is adopted as it is.
            case RESET -> sendHello(request.request(), Ids.newUaid(), 0, true, dataMode, helloBroadcasts);
        }
    }

    /** Keeps the data-mode gauge in step with this connection's mode once a hello is accepted. */
    private void countDataMode(boolean counted) {
        if (counted != countedDataMode) {
            countedDataMode = counted;
            context.metrics().webPushConnections(counted ? 1 : -1);
        }
    }

    // ---- the 4774 idle close (spec §11.4) ----

    /**
     * Once a hello with wake data is accepted, and only with a wake-up driver (a positive
     * {@code wakeIdleTimeout}): one timer at a time, which on firing re-arms itself for whatever
     * is left if a frame went by meanwhile, so a busy socket costs no timer work per frame.
     */
    private void armIdleTimeout() {
        Duration timeout = settings.wakeIdleTimeout();
        if (!wakeCapable || timeout.isZero() || state != ConnectionState.IDENTIFIED
                || idleTimer != Timers.Cancellable.NONE) {
            return;
        }
        scheduleIdleCheck(timeout);
    }

    private void scheduleIdleCheck(Duration delay) {
        idleTimer = context.timers().schedule(delay, () -> executor.execute(this::onIdleCheck));
    }

    private void onIdleCheck() {
        idleTimer = Timers.Cancellable.NONE;
        if (state != ConnectionState.IDENTIFIED) {
            return;
        }
        long timeout = settings.wakeIdleTimeout().toMillis();
        long idle = now() - lastFrameMillis;
        if (idle < timeout || isHolding() || !queued.isEmpty()) {
            // A frame went by, or a request is still being answered: not idle yet.
            scheduleIdleCheck(Duration.ofMillis(Math.max(1, timeout - Math.max(0, idle))));
            return;
        }
        LOG.debug("connection {}: idle for {} with wake data, closing with 4774", id, settings.wakeIdleTimeout());
        context.metrics().wakeClose();
        closeWith(CloseCode.WAKE_IDLE, "idle; will be woken");
    }

    /**
     * Holds the queue until the announced flush is written. It follows the result on the same
     * partition, so it is normally next; the request timeout bounds the wait should it be lost.
     */
    private void awaitFlush() {
        long sequence = ++flushSequence;
        Timers.Cancellable timer = context.timers().schedule(settings.requestTimeout(),
                () -> executor.execute(() -> onFlushTimeout(sequence)));
        flushWait = new FlushWait(sequence, uaid, timer);
    }

    private void onFlushTimeout(long sequence) {
        if (flushWait != null && flushWait.sequence() == sequence) {
            LOG.warn("connection {}: the flush announced for {} did not arrive within {}", id, flushWait.uaid(),
                    settings.requestTimeout());
            flushWait = null;
            releaseHeld();
            releaseBroadcasts();
            drainQueue();
        }
    }

    /** Ends the wait if this is the announced flush: no {@code replyTo}, same uaid. */
    private void flushArrived(NodeCommand.Deliver deliver) {
        if (flushWait != null && deliver.replyTo() == null && flushWait.uaid().equals(deliver.uaid())) {
            flushWait.timer().cancel();
            flushWait = null;
            releaseHeld();
            releaseBroadcasts();
            drainQueue();
        }
    }

    private void onRegisterResult(NodeCommand.RegisterResult result) {
        Pending request = takePending(MessageType.REGISTER, result.uaid(), result.channelId());
        if (request == null) {
            return;
        }
        if (result.status() == NodeCommand.RegisterResult.TOO_MANY_CHANNELS) {
            send(new ServerMessage.RegisterRefused(uaid, request.channelId(), result.status(),
                    ServerMessage.RegisterRefused.TOO_MANY_CHANNELS));
            drainQueue();
            return;
        }
        if (result.status() != 200) {
            echoError(request.request(), result.status());
            return;
        }
        String token = request.appServerKey() == null
                ? context.tokens().encode(uaid, request.channelId())
                : context.webPush().subscriptions().encodeRestricted(uaid, request.channelId(), request.appServerKey());
        send(new ServerMessage.RegisterReply(uaid, request.channelId(),
                settings.endpointBase() + "/update/" + token));
        drainQueue();
    }

    private void onUnregisterResult(NodeCommand.UnregisterResult result) {
        Pending request = takePending(MessageType.UNREGISTER, result.uaid(), result.channelId());
        if (request == null) {
            return;
        }
        if (result.status() != 200) {
            echoError(request.request(), result.status());
            return;
        }
        send(new ServerMessage.UnregisterReply(request.channelId()));
        drainQueue();
    }

    /** The pending request this answers, now no longer pending; null for a stale answer. */
    private Pending takePending(MessageType type, String answerUaid, String channelId) {
        Pending request = pending;
        if (!state.isReading() || request == null || request.type() != type || !request.uaid().equals(answerUaid)
                || (channelId != null && !channelId.equals(request.channelId()))) {
            LOG.debug("connection {}: ignoring a stale {} answer for {}", id, type, answerUaid);
            return null;
        }
        request.timer().cancel();
        pending = null;
        return request;
    }

    private void onDeliver(NodeCommand.Deliver deliver) {
        if (deliver.updates().isEmpty() && deliver.pushMessages().isEmpty() && deliver.replyTo() != null) {
            // A superseded PUT (spec §13.3): nothing to write, only the status it would have had.
            boolean online = !offline && state == ConnectionState.IDENTIFIED && socket.isOpen()
                    && deliver.uaid().equals(uaid);
            reply(deliver.uaid(), deliver.replyTo(), online ? deliver.deliveredOutcome() : deliver.offlineOutcome());
            return;
        }
        if (offline || !state.isReading() || !socket.isOpen()) {
            stored(deliver);
        } else if (state == ConnectionState.HELLO_PENDING || (flushWait != null && deliver.replyTo() != null)) {
            // Live deliveries come from `deliveries`, read before streams-state commits, so they may
            // overtake the hello result and its flush on `node-commands`: keep them until both are
            // written, or the device could see a newer version before an older pending one.
            if (held.size() >= settings.maxQueuedMessages()) {
                stored(deliver);
            } else {
                held.add(deliver);
            }
        } else if (state != ConnectionState.IDENTIFIED || !deliver.uaid().equals(uaid) || !hasFrames(deliver)) {
            stored(deliver);
        } else {
            write(deliver);
        }
        // After the write is queued on the socket: anything answered from now on comes after it.
        flushArrived(deliver);
    }

    /**
     * Whether the delivery has anything this connection writes: Web Push messages only in data
     * mode (a SimplePush client could not read them; they stay pending for a data-mode hello).
     */
    private boolean hasFrames(NodeCommand.Deliver deliver) {
        return !deliver.updates().isEmpty() || (dataMode && !deliver.pushMessages().isEmpty());
    }

    /**
     * The {@code updates} frame if any, then one frame per Web Push message (W3.1) in data mode.
     * The delivery counts as written, and a live one is answered, once its last frame is done:
     * delivered if every frame was written, else what an offline device's would be.
     */
    private void write(NodeCommand.Deliver deliver) {
        lastFrameMillis = now();
        List<PushMessage> messages = dataMode ? deliver.pushMessages() : List.of();
        rememberDelivered(deliver.updates(), messages);
        NodeCommand.ReplyTo replyTo = deliver.replyTo();
        int frames = (deliver.updates().isEmpty() ? 0 : 1) + messages.size();
        AtomicInteger remaining = new AtomicInteger(frames);
        AtomicBoolean allWritten = new AtomicBoolean(true);
        if (!deliver.updates().isEmpty()) {
            socket.send(new ServerMessage.Notification(deliver.updates()).toJson(), written -> {
                if (written) {
                    long writtenAt = now();
                    executor.execute(() -> auditDelivered(deliver, writtenAt));
                } else {
                    executor.execute(() -> auditNotDelivered(deliver, deliver.updates(), List.of()));
                }
                frameDone(deliver, written, remaining, allWritten);
            });
        }
        for (PushMessage message : messages) {
            socket.send(new ServerMessage.PushNotification(message).toJson(), written -> {
                if (written) {
                    context.metrics().pushMessageWritten();
                    long writtenAt = now();
                    executor.execute(() -> auditPushDelivered(deliver, message, writtenAt));
                } else {
                    executor.execute(() -> auditNotDelivered(deliver, List.of(), List.of(message)));
                }
                frameDone(deliver, written, remaining, allWritten);
            });
        }
        if (messages.isEmpty() && !deliver.pushMessages().isEmpty()) {
            // Not written to a SimplePush-mode socket: they stay pending for a data-mode hello.
            auditNotDelivered(deliver, List.of(), deliver.pushMessages());
        }
    }

    /** Runs on a socket IO thread, which must never wait on the producer: replies go through the executor. */
    private void frameDone(NodeCommand.Deliver deliver, boolean written, AtomicInteger remaining,
            AtomicBoolean allWritten) {
        if (!written) {
            allWritten.set(false);
        }
        if (remaining.decrementAndGet() > 0) {
            if (!written) {
                executor.execute(this::onWriteFailed);
            }
            return;
        }
        boolean delivered = allWritten.get();
        if (delivered) {
            context.metrics().delivered(deliver.replyTo(), now());
        } else {
            context.metrics().notWritten(deliver.noStore());
        }
        NodeCommand.ReplyTo replyTo = deliver.replyTo();
        if (replyTo != null) {
            PutOutcome outcome = delivered ? deliver.deliveredOutcome() : deliver.offlineOutcome();
            executor.execute(() -> reply(deliver.uaid(), replyTo, outcome));
        }
        if (!written) {
            executor.execute(this::onWriteFailed);
        }
    }

    /**
     * Bounded by the acks' own limit: past it, further channels are not remembered and their acks
     * are dropped, which leaves those updates pending for the next hello's flush; nothing is lost.
     */
    private void rememberDelivered(List<Update> updates, List<PushMessage> messages) {
        if (deliveredChannels == null) {
            deliveredChannels = new HashSet<>();
        }
        for (Update update : updates) {
            rememberChannel(update.channelId());
        }
        for (PushMessage message : messages) {
            rememberChannel(message.channelId());
        }
    }

    private void rememberChannel(String channelId) {
        if (deliveredChannels.size() < MAX_REMEMBERED_CHANNELS) {
            deliveredChannels.add(channelId);
        }
    }

    /** One record per update of the frame just written. */
    private void auditDelivered(NodeCommand.Deliver deliver, long writtenAt) {
        String requestId = deliver.replyTo() == null ? null : deliver.replyTo().requestId();
        for (Update update : deliver.updates()) {
            context.outbound().audit(new AuditEvent.Delivered(settings.nodeId(), id, deliver.uaid(),
                    update.channelId(), update.version(), requestId, writtenAt, RoutingAudit.routedAt(deliver)));
        }
    }

    /** The routing streams-state left to this node's audit, of what was not written. */
    private void auditNotDelivered(NodeCommand.Deliver deliver, List<Update> updates, List<PushMessage> messages) {
        RoutingAudit.notDelivered(deliver, updates, messages, context.webPush().messageIds())
                .forEach(context.outbound()::audit);
    }

    /**
     * W7.1: the message named by its (channel, kind, key), never by its id, which would allow a
     * DELETE. A message id that does not decode (never from our streams-state) is not audited.
     */
    private void auditPushDelivered(NodeCommand.Deliver deliver, PushMessage message, long writtenAt) {
        Optional<MessageRef> ref = context.webPush().messageIds().decode(message.messageId());
        if (ref.isEmpty()) {
            LOG.warn("connection {}: wrote a Web Push message of channel {} whose id does not decode", id,
                    message.channelId());
            return;
        }
        String requestId = deliver.replyTo() == null ? null : deliver.replyTo().requestId();
        context.outbound().audit(new AuditEvent.PushDelivered(settings.nodeId(), id, deliver.uaid(),
                message.channelId(), ref.get().kind(), ref.get().key(), requestId, writtenAt,
                RoutingAudit.routedAt(deliver)));
    }

    private void releaseHeld() {
        List<NodeCommand.Deliver> release = List.copyOf(held);
        held.clear();
        release.forEach(this::onDeliver);
    }

    /** Not written: the update stays pending, or in no-store mode is dropped. */
    private void stored(NodeCommand.Deliver deliver) {
        context.metrics().notWritten(deliver.noStore());
        auditNotDelivered(deliver, deliver.updates(), deliver.pushMessages());
        if (deliver.replyTo() != null) {
            reply(deliver.uaid(), deliver.replyTo(), deliver.offlineOutcome());
        }
    }

    private void reply(String replyUaid, NodeCommand.ReplyTo replyTo, PutOutcome outcome) {
        context.outbound().reply(replyUaid, new GatewayReply(replyTo.gatewayId(), replyTo.requestId(), outcome));
    }

    // ---- writing and closing ----

    private void send(ServerMessage message) {
        send(message.toJson());
    }

    private void send(String text) {
        lastFrameMillis = now();
        socket.send(text, written -> {
            if (!written) {
                executor.execute(this::onWriteFailed);
            }
        });
    }

    /** Spec §2.2: the echo, then a normal close once it is written; nothing more is read. */
    private void echoError(ObjectNode source, int status) {
        if (!state.isReading()) {
            return;
        }
        String text = EchoError.render(source, status);
        enterClosing();
        socket.send(text, written -> executor.execute(
                () -> socket.close(CloseCode.NORMAL.code(), "")));
    }

    private void closeWith(CloseCode code, String reason) {
        if (!state.isReading()) {
            return;
        }
        enterClosing();
        socket.close(code.code(), reason);
    }

    private void enterClosing() {
        state = ConnectionState.CLOSING;
        retire();
    }

    private void onTransportClosed() {
        if (state != ConnectionState.CLOSED) {
            state = ConnectionState.CLOSED;
            retire();
        }
    }

    private void onWriteFailed() {
        LOG.debug("connection {}: a write failed, dropping the socket", id);
        if (state != ConnectionState.CLOSED) {
            state = ConnectionState.CLOSED;
            retire();
            socket.close(CloseCode.INTERNAL_ERROR.code(), "write failed");
        }
    }

    /** Once per connection: offline, out of the registry, and streams-state told if it knew us. */
    private void retire() {
        if (retired) {
            return;
        }
        retired = true;
        offline = true;
        context.registry().remove(this);
        if (countedIdentified) {
            countedIdentified = false;
            context.registry().unidentified();
        }
        helloTimer.cancel();
        idleTimer.cancel();
        countDataMode(false);
        if (broadcasts != null) {
            broadcasts.clear();
        }
        if (pending != null) {
            pending.timer().cancel();
            pending = null;
        }
        if (flushWait != null) {
            flushWait.timer().cancel();
            flushWait = null;
        }
        queued.clear();
        queuedChars = 0;
        List<NodeCommand.Deliver> unsent = List.copyOf(held);
        held.clear();
        unsent.forEach(this::stored);
        if (helloSent) {
            publish(new DeviceEvent.Disconnect(uaid, settings.nodeId(), id, now()));
        }
    }

    private void publish(DeviceEvent event) {
        context.outbound().publish(event);
    }

    private long now() {
        return context.clock().millis();
    }
}
