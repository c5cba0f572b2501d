package dev.simplepush.state;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Ids;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.HelloReason;
import dev.simplepush.schemas.audit.AuditEvent.Route;
import dev.simplepush.schemas.token.MessageRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of per-device state. It reads {@link Notification}s and {@link DeviceEvent}s
 * keyed by uaid, applies them to the stores, and answers on {@code node-commands} (partition =
 * node id) and {@code gateway-replies} (partition = gateway id). All records of one uaid are
 * processed in order by one task, so every decision sees the effect of every earlier one.
 *
 * <p>Malformed input, which no node or gateway of ours writes (a missing field, an id that is not
 * a valid ID, a key that is not the value's uaid), throws {@link MalformedRecordException}: the
 * processing exception handler sets such a record aside (dead letter, audit record, counter; see
 * docs/reliability.md, "Poison records") and the partition goes on. Kafka's own failures are not
 * set aside: they fail the thread, which the service replaces, and the record is processed again.
 *
 * <p>With audit on, every decision is also written to {@code audit} as an {@link AuditEvent}
 * stamped with the processing wall-clock time (acks with the node's time of receipt).
 */
final class DeviceStateProcessor implements Processor<String, Object, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStateProcessor.class);
    static final int STATUS_OK = 200;
    static final int STATUS_UNAVAILABLE = 503;
    static final int STATUS_TOO_MANY_CHANNELS = NodeCommand.RegisterResult.TOO_MANY_CHANNELS;
    /** Node-generated connection ids are 26 characters at most; anything far longer is not one. */
    static final int MAX_CONNECTION_ID_LENGTH = 64;
    /**
     * An ack refreshes the uaid's last-seen time only when it is older than this: last-seen serves
     * a TTL of weeks, and rewriting the registration on every ack would double the writes.
     */
    static final long LAST_SEEN_RESOLUTION_MILLIS = Duration.ofHours(1).toMillis();

    private static final SortedMap<String, PendingVersion> EMPTY = Collections.unmodifiableSortedMap(new TreeMap<>());

    private final StateRules rules;
    private final Housekeeping housekeeping;
    private final NodeLiveness liveness;
    private final boolean audit;
    private final WakePolicy wake;
    private final WebPushRules webPushRules;
    private final int maxRecordBytes;
    private ProcessorContext<String, Object> context;
    private DeviceState state;
    private ExpiryPass expiry;
    /** The first node check after start sweeps once: nodes may have restarted while we were away. */
    private boolean firstNodeCheck = true;
    /** Hellos skipped because their node had stopped waiting, since the last node check logged them. */
    private long abandonedHellos;
    /** Counts ack entries that matched nothing pending: {@link IgnoredAcks}. */
    private IgnoredAcks ignoredAcks;
    private WebPushCounters webPushCounters;
    /** The Web Push decisions (spec W2–W4): {@link WebPushDecider}. */
    private WebPushDecider webPush;

    DeviceStateProcessor(StateRules rules, Housekeeping housekeeping, boolean audit) {
        this(rules, housekeeping, audit, WakePolicy.OFF);
    }

    DeviceStateProcessor(StateRules rules, Housekeeping housekeeping, boolean audit, WakePolicy wake) {
        this(rules, housekeeping, audit, wake, WebPushRules.defaults(), dev.simplepush.state.poison.WriteLimit.DEFAULT);
    }

    /**
     * @param webPush the Web Push limits and message ids
     * @param limit   the write limit: a Web Push window is split into Delivers that fit it
     */
    DeviceStateProcessor(StateRules rules, Housekeeping housekeeping, boolean audit, WakePolicy wake,
            WebPushRules webPush, dev.simplepush.state.poison.WriteLimit limit) {
        this.webPushRules = webPush;
        this.maxRecordBytes = limit.maxBytes();
        this.wake = wake;
        this.rules = rules;
        this.housekeeping = housekeeping;
        this.liveness = new NodeLiveness(housekeeping.nodeDeadAfter().toMillis());
        this.audit = audit;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.state = new DeviceState(context, rules.storeOffline());
        this.ignoredAcks = IgnoredAcks.register(context);
        this.webPushCounters = WebPushCounters.register(context);
        this.webPush = new WebPushDecider(state, state.push(), webPushRules, housekeeping, rules.storeOffline(),
                maxRecordBytes, outputs(), webPushCounters);
        this.expiry = new ExpiryPass(state, housekeeping, this::auditExpired, new ExpiryPass.PushRemovals() {
            @Override
            public void removed(String uaid, StoredMessage message, AuditEvent.RemoveReason reason) {
                webPush.removed(uaid, message, reason);
            }

            @Override
            public void expired(String uaid, PushEdit queue, Registration registration) {
                webPush.sendWindow(queue, registration, livePresence(uaid));
            }
        });
        context.schedule(housekeeping.nodeCheckInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> checkNodes(context.currentSystemTimeMs()));
        context.schedule(housekeeping.expiryInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> expiry.run(context.currentSystemTimeMs()));
    }

    /**
     * Re-judges the delivery nodes. Presence is swept only when a node has just been judged dead
     * or has restarted (and once after start): a sweep reads every presence entry of the task, and
     * a node's death is rare, so the steady state costs one read of the small heartbeat store per
     * check. Presence written for a dead node after its sweep (a late hello) stays harmless: PUTs
     * check the node before routing.
     */
    private void checkNodes(long nowMillis) {
        if (abandonedHellos > 0) {
            LOG.warn("skipped {} hellos whose nodes had already answered 503 (node.request.timeout passed before"
                    + " streams-state reached them): streams-state is behind", abandonedHellos);
            abandonedHellos = 0;
        }
        boolean changed = liveness.refresh(state.heartbeats(), nowMillis);
        if (changed || firstNodeCheck) {
            firstNodeCheck = false;
            sweepPresence();
        }
    }

    private void sweepPresence() {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Presence> all = state.allPresence()) {
            while (all.hasNext()) {
                KeyValue<String, Presence> entry = all.next();
                if (entry.value != null && liveness.isStale(entry.value)) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(state::clearPresence);
        if (!stale.isEmpty()) {
            LOG.info("cleared the presence of {} devices held by dead or restarted nodes", stale.size());
        }
    }

    /**
     * The one place where an expiry becomes visible outside the stores: an audit {@code expired}
     * record (when audit is on).
     */
    void auditExpired(Expired expired) {
        LOG.debug("expired {}", expired);
        audit(new AuditEvent.Expired(expired.uaid(), expired.channelId(), expired.version(),
                expired.reason().name().toLowerCase(Locale.ROOT), expired.atMillis()));
    }

    @Override
    public void close() {
        if (ignoredAcks != null) {
            ignoredAcks.close();
        }
        if (webPushCounters != null) {
            webPushCounters.close();
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        Object value = record.value();
        if (value instanceof Notification notification) {
            requireWellFormed(record.key(), notification.uaid(), value);
            onNotification(notification);
        } else if (value instanceof DeviceEvent event) {
            if (event.connectionId() == null || event.connectionId().length() > MAX_CONNECTION_ID_LENGTH) {
                throw new MalformedRecordException(value.getClass().getSimpleName()
                        + " without a connection id of a node (at most " + MAX_CONNECTION_ID_LENGTH + " characters)");
            }
            requireWellFormed(record.key(), event.uaid(), value);
            onDeviceEvent(event, record.timestamp());
        } else {
            // A tombstone: nothing of ours writes one to these topics.
            throw new MalformedRecordException("a record without a value");
        }
    }

    private static void requireWellFormed(String key, String uaid, Object value) {
        if (!Ids.isValid(uaid)) {
            // Nodes only send valid uaids (spec §3.3 rule 3); anything else could reach into
            // another device's rows (StateKeys) or make keys of any size.
            throw new MalformedRecordException(value.getClass().getSimpleName() + " whose uaid is not a valid ID");
        }
        if (!uaid.equals(key)) {
            // The key decides the partition, hence the task and stores; a mismatch would file
            // state under a uaid this task may not own.
            throw new MalformedRecordException(value.getClass().getSimpleName() + " keyed by another uaid");
        }
    }

    private void onDeviceEvent(DeviceEvent event, long timestamp) {
        if (event instanceof DeviceEvent.Hello hello) {
            if (hello.abandonedBy(context.currentSystemTimeMs())) {
                // The node has answered 503 and closed the socket: accepting it now would write
                // presence for a dead connection and send answers nobody reads, while the device
                // is already saying hello again somewhere. Under a reconnect storm that is what
                // turns a backlog into a collapse.
                abandonedHellos++;
                return;
            }
            onHello(hello, eventTime(hello.atMillis(), timestamp));
        } else if (event instanceof DeviceEvent.Register register) {
            onRegister(register, eventTime(register.atMillis(), timestamp));
        } else if (event instanceof DeviceEvent.Unregister unregister) {
            onUnregister(unregister);
        } else if (event instanceof DeviceEvent.Ack ack) {
            onAck(ack, eventTime(ack.atMillis(), timestamp));
        } else if (event instanceof DeviceEvent.Disconnect disconnect) {
            onDisconnect(disconnect);
        } else if (event instanceof DeviceEvent.PushAck pushAck) {
            onPushAck(pushAck, eventTime(pushAck.atMillis(), timestamp));
        } else if (event instanceof DeviceEvent.Nack nack) {
            webPush.onNack(nack, eventTime(nack.atMillis(), timestamp));
        }
    }

    /** Spec W2.3; the next window goes out only to the live connection, the one the device reads. */
    private void onPushAck(DeviceEvent.PushAck ack, long nowMillis) {
        String uaid = ack.uaid();
        Registration registration = state.registration(uaid);
        if (registration != null && nowMillis - registration.lastSeenMillis() > LAST_SEEN_RESOLUTION_MILLIS) {
            registration = registration.seenAt(nowMillis);
            state.putRegistration(uaid, registration);
        }
        Presence presence = livePresence(uaid);
        Presence live = presence != null && presence.names(ack.nodeId(), ack.connectionId()) ? presence : null;
        Registration changed = webPush.onAck(ack, registration, live, nowMillis);
        if (changed != null) {
            state.putRegistration(uaid, changed);
        }
    }

    /** Spec §3.3 rules 1, 4, 5 and 6 (the node has applied 2 and 3), and the takeover of §3.4. */
    private void onHello(DeviceEvent.Hello hello, long nowMillis) {
        String uaid = hello.uaid();
        Registration registration = state.registration(uaid);
        Presence previous = state.presence(uaid);
        // Rule 1 comes first: a repeated hello on a socket that already completed one is answered
        // with the same uaid and a new flush, whatever it now claims.
        boolean repeated = registration != null && previous != null
                && previous.names(hello.nodeId(), hello.connectionId());
        // Rule 2 also precedes rule 4: a uaid the node has just generated is adopted as is.
        // Resetting it would make the node generate another, and loop.
        if (!repeated && !hello.generated() && hello.channelCount() > rules.maxChannels()) {
            webPush.forgotten(uaid, state.forget(uaid));
            closeIfOther(uaid, previous, hello);
            helloResult(hello, HelloOutcome.RESET, false);
            auditHello(hello, HelloOutcome.RESET, HelloReason.TOO_MANY_CHANNELS, 0);
            return;
        }
        if (!repeated && !hello.generated() && registration == null && hello.webPush()) {
            // Spec W1.2: in data mode an unknown uaid is never adopted, so that the browser drops
            // its stale subscriptions and tells their sites (pushsubscriptionchange).
            helloResult(hello, HelloOutcome.RESET, false);
            auditHello(hello, HelloOutcome.RESET, HelloReason.UNKNOWN_IN_DATA_MODE, 0);
            return;
        }
        if (!repeated && !hello.generated() && registration == null && hello.channelCount() > 0) {
            // Rule 5, client reset: the device believes in channels this store never had.
            helloResult(hello, HelloOutcome.RESET, false);
            auditHello(hello, HelloOutcome.RESET, HelloReason.UNKNOWN_WITH_CHANNELS, 0);
            return;
        }
        closeIfOther(uaid, previous, hello);
        // A WakeData has the shapes of spec §11.2 or does not exist: one of another shape from a
        // hostile or older node was read as none, so nothing large can be kept here.
        Registration accepted = (registration == null
                ? Registration.empty(nowMillis)
                : registration.seenAt(nowMillis)).wokenBy(hello.wake()).inMode(hello.webPush());
        // Spec W1.3 and W3.3: what is pending is converted to this connection's mode, and the first
        // window of Web Push messages is taken (data mode).
        WebPushDecider.HelloFlush flush = webPush.onHello(uaid, accepted);
        state.putRegistration(uaid, flush.registration());
        state.putPresence(uaid, new Presence(hello.nodeId(), hello.connectionId()));
        // Spec §3.6: immediately after the reply, one notification with everything pending. Same
        // key and partition as the reply, so the node sees them in this order; the result says a
        // flush follows so the node answers nothing else in between.
        // No-store mode flushes nothing: whatever an earlier, storing run left pending is ignored.
        SortedMap<String, PendingVersion> pending = rules.storeOffline() ? state.pending(uaid) : EMPTY;
        helloResult(hello, HelloOutcome.ACCEPTED, !pending.isEmpty() || !flush.messages().isEmpty());
        auditHello(hello, HelloOutcome.ACCEPTED,
                repeated ? HelloReason.REPEATED : registration != null ? HelloReason.KNOWN : HelloReason.ADOPTED,
                pending.size() + flush.messages().size());
        if (!pending.isEmpty()) {
            sendToNode(new NodeCommand.Deliver(hello.nodeId(), hello.connectionId(), uaid, toUpdates(pending), null));
        }
        webPush.sendFlush(hello.nodeId(), hello.connectionId(), uaid, flush.messages());
    }

    /** Newest connection wins (spec §3.4): the older one is told to close before anything else. */
    private void closeIfOther(String uaid, Presence previous, DeviceEvent.Hello hello) {
        if (previous != null && !previous.names(hello.nodeId(), hello.connectionId())) {
            sendToNode(new NodeCommand.CloseConnection(previous.nodeId(), previous.connectionId(), uaid));
        }
    }

    private void helloResult(DeviceEvent.Hello hello, HelloOutcome outcome, boolean flushFollows) {
        sendToNode(new NodeCommand.HelloResult(hello.nodeId(), hello.connectionId(), hello.uaid(), outcome,
                flushFollows));
    }

    /**
     * Spec §4.3–4.4: stored before the answer, idempotent; a new channel beyond
     * {@code state.max.channels.per.uaid} gets 413 and nothing is written. Writes the channel's row
     * and the small device row, whatever the number of channels.
     */
    private void onRegister(DeviceEvent.Register register, long nowMillis) {
        String uaid = register.uaid();
        String channelId = register.channelId();
        if (!Ids.isValid(channelId)) {
            // The node answers 401 to these itself (spec §4.2); no row may be keyed by one.
            throw new MalformedRecordException("a register without a valid channel id");
        }
        Registration registration = state.registration(uaid);
        int status = STATUS_OK;
        if (registration == null) {
            // The uaid was reset away (rule 4) or never completed a hello here. If this very
            // connection is the live one, its hello was accepted, so adopting the uaid is what the
            // device was promised. Otherwise the register comes from a socket whose uaid no longer
            // exists; registering would resurrect it behind the device's back, so answer 503
            // (spec §4.6, storage cannot serve it) and let the device reconnect.
            Presence presence = state.presence(uaid);
            if (presence != null && presence.names(register.nodeId(), register.connectionId())) {
                registration = Registration.empty(register.atMillis());
            } else {
                status = STATUS_UNAVAILABLE;
            }
        }
        if (registration != null) {
            boolean known = state.hasChannel(uaid, channelId);
            if (!known && registration.channelCount() >= rules.maxChannelsPerUaid()) {
                LOG.debug("uaid {} already holds {} channels: register refused", uaid, registration.channelCount());
                status = STATUS_TOO_MANY_CHANNELS;
            } else {
                if (!known) {
                    state.addChannel(uaid, channelId, nowMillis);
                    registration = registration.withChannelCount(registration.channelCount() + 1);
                }
                state.putRegistration(uaid, registration.seenAt(nowMillis));
            }
        }
        sendToNode(new NodeCommand.RegisterResult(register.nodeId(), register.connectionId(), uaid, channelId,
                status));
        audit(new AuditEvent.Registered(uaid, channelId, register.nodeId(), register.connectionId(), status, now()));
    }

    /** Spec §5: always 200; the registration and any pending update are gone before the answer. */
    private void onUnregister(DeviceEvent.Unregister unregister) {
        String uaid = unregister.uaid();
        String channelId = unregister.channelId();
        if (Ids.isValid(channelId)) {
            Registration registration = state.registration(uaid);
            if (registration != null && state.hasChannel(uaid, channelId)) {
                state.removeChannel(uaid, channelId);
                state.putRegistration(uaid, registration.withChannelCount(Math.max(0, registration.channelCount() - 1)));
            }
            if (rules.storeOffline()) {
                state.clearPending(uaid, channelId);
                // Spec W2.2: its Web Push messages go with it.
                Registration changed = webPush.onUnregister(uaid, channelId, state.registration(uaid),
                        livePresence(uaid));
                if (changed != null) {
                    state.putRegistration(uaid, changed);
                }
            }
        }
        sendToNode(new NodeCommand.UnregisterResult(unregister.nodeId(), unregister.connectionId(), uaid,
                channelId, STATUS_OK));
        if (channelId != null) {
            audit(new AuditEvent.Unregistered(uaid, channelId, unregister.nodeId(), unregister.connectionId(),
                    STATUS_OK, now(), unregister.code()));
        }
    }

    /**
     * Spec §7.4: clears what is acked at or above its version; never answers or re-sends (§7.5).
     * Entries that match no pending update are ignored at the cost of the one scan of the uaid's
     * pending rows, and counted ({@link IgnoredAcks}), not audited: a device cannot make an audit record (or any write)
     * out of versions it was never sent. In no-store mode nothing is pending; entries of registered
     * channels are audited there, the only acks that mean anything.
     */
    private void onAck(DeviceEvent.Ack ack, long nowMillis) {
        if (ack.updates() == null) {
            return;
        }
        String uaid = ack.uaid();
        Registration registration = state.registration(uaid);
        if (registration != null && nowMillis - registration.lastSeenMillis() > LAST_SEEN_RESOLUTION_MILLIS) {
            state.putRegistration(uaid, registration.seenAt(nowMillis));
        }
        long ackedAt = nowMillis;
        Set<String> registeredSeen = new HashSet<>();
        int ignored = 0;
        for (Update update : ack.updates()) {
            if (update == null || update.channelId() == null) {
                continue;
            }
            String channelId = update.channelId();
            // A point read per entry, not a scan of the uaid's rows: an ack names its channels,
            // and a scan's seek walks over the tombstones every earlier ack left in the store.
            PendingVersion version = rules.storeOffline() ? state.pendingOf(uaid, channelId) : null;
            boolean matches = rules.storeOffline() ? version != null
                    : registration != null && Ids.isValid(channelId)
                            && (registeredSeen.contains(channelId) || state.hasChannel(uaid, channelId));
            if (!matches) {
                ignored++;
                continue;
            }
            if (!rules.storeOffline()) {
                registeredSeen.add(channelId);
            }
            audit(new AuditEvent.Acked(uaid, channelId, update.version(), ack.nodeId(), ack.connectionId(), ackedAt));
            if (version != null && version.version() <= update.version()) {
                state.deletePendingRow(StateKeys.channel(uaid, channelId));
            }
        }
        ignoredAcks.add(ignored);
    }

    /** A stale connection's disconnect must not knock the newer one offline. */
    private void onDisconnect(DeviceEvent.Disconnect disconnect) {
        Presence presence = state.presence(disconnect.uaid());
        if (presence != null && presence.names(disconnect.nodeId(), disconnect.connectionId())) {
            state.clearPresence(disconnect.uaid());
            // It went offline with updates it has not acked (perhaps closed with 4774 while they
            // were on their way): only a wake-up brings it back for them.
            if (wake.enabled() && rules.storeOffline()) {
                Registration registration = state.registration(disconnect.uaid());
                if (registration != null && registration.wake() != null) {
                    maybeWake(disconnect.uaid(), registration, state.pending(disconnect.uaid()),
                            WakeRequest.Reason.DISCONNECTED);
                }
            }
        }
    }

    /**
     * Spec §11.3: asks the wake dispatcher to wake an offline device that has wake data, at most
     * once per {@code wake.min.interval}. The request goes out through a sink, in the same
     * transaction as the state change; the last wake time is kept in the registration.
     */
    private void maybeWake(String uaid, Registration registration, SortedMap<String, PendingVersion> pending,
            WakeRequest.Reason reason) {
        if (!wake.enabled() || registration == null || registration.wake() == null || pending.isEmpty()) {
            return;
        }
        long now = now();
        if (!wake.allows(registration.lastWakeMillis(), now)) {
            return;
        }
        long newest = pending.values().stream().mapToLong(PendingVersion::version).max().orElse(0);
        state.putRegistration(uaid, registration.wakeRequestedAt(now));
        context.forward(new Record<String, Object>(uaid,
                new WakeRequest(uaid, registration.wake(), newest, pending.size(), reason, now), now),
                StateTopology.WAKE_REQUESTS_SINK);
    }

    /** Where the node answers this PUT: the waiting gateway's request. */
    private static NodeCommand.ReplyTo replyTo(Notification notification) {
        return new NodeCommand.ReplyTo(notification.gatewayId(), notification.requestId(),
                notification.acceptedAtMillis());
    }

    /**
     * As {@link #replyTo}, for a PUT routed to the node: with the audit on, the node writes the
     * routing with its delivery (one audit record for both facts), so it carries the routing's time.
     */
    private NodeCommand.ReplyTo routedToNode(Notification notification) {
        return new NodeCommand.ReplyTo(notification.gatewayId(), notification.requestId(),
                notification.acceptedAtMillis(), audit ? now() : null);
    }

    /** A PUT (spec §9.7, §9.8 and §13), a Web Push POST (W4) or a cancel (W4.8). */
    private void onNotification(Notification notification) {
        if (notification.webPush() instanceof WebPushRequest.Post post) {
            onPost(notification, post);
            return;
        }
        if (notification.webPush() instanceof WebPushRequest.Cancel cancel) {
            webPush.onCancel(notification, cancel, livePresence(notification.uaid()));
            return;
        }
        onPut(notification);
    }

    /**
     * Spec W4.3, W3.9: an unregistered channel gets 410; a device in SimplePush mode gets a version
     * update without data on the PUT path (kept for no time if the TTL is 0, W4.5); a data-mode
     * device's queue takes the rest.
     */
    private void onPost(Notification notification, WebPushRequest.Post post) {
        if (post.message() == null || post.message().messageId() == null
                || (post.kind() != MessageRef.Kind.UNIQUE && post.kind() != MessageRef.Kind.TOPIC)
                || !PushKeys.isValidKey(post.key())) {
            // The gateway writes none of these; a key is part of row keys, so it is held to its form.
            throw new MalformedRecordException("a POST without its message, or with a kind or key of another form");
        }
        String uaid = notification.uaid();
        Registration registration = state.registration(uaid);
        if (registration == null || !Ids.isValid(notification.channelId())
                || !state.hasChannel(uaid, notification.channelId())) {
            reply(notification, PutOutcome.UNKNOWN_ENDPOINT);
            audit(new AuditEvent.PushRouted(uaid, notification.channelId(), post.kind(), post.key(),
                    AuditEvent.PushRoute.UNKNOWN, null, null, notification.requestId(), now()));
            webPushCounters.increment(dev.simplepush.schemas.MetricName.STATE_WEBPUSH_ROUTED, "unknown");
            return;
        }
        if (!registration.webPush()) {
            webPush.routedAsVersion(notification, post);
            long version = notification.version() > 0 ? notification.version() : notification.acceptedAtMillis();
            Notification asPut = new Notification(notification.requestId(), notification.gatewayId(), uaid,
                    notification.channelId(), version, null, notification.acceptedAtMillis());
            if (post.message() == null || post.message().ttl() <= 0 || !rules.storeOffline()) {
                onNotificationKeepingNothing(asPut);
            } else {
                onPut(asPut);
            }
            return;
        }
        webPush.onPost(notification, post, registration, livePresence(uaid));
    }

    private void onPut(Notification notification) {
        if (!rules.storeOffline()) {
            onNotificationKeepingNothing(notification);
            return;
        }
        String uaid = notification.uaid();
        String channelId = notification.channelId();
        Registration registration = registeredFor(notification);
        if (registration == null) {
            return;
        }
        if (registration.webPush()) {
            webPush.onPut(notification, registration, livePresence(uaid));
            return;
        }
        PendingVersion pendingVersion = state.pendingOf(uaid, channelId);
        Presence presence = livePresence(uaid);
        if (pendingVersion != null && notification.version() < pendingVersion.version()) {
            // §13.3: the newer state is kept and the lower version is not sent, but the PUT gets
            // the status it would have had. With a presence, only the node knows whether the socket
            // is still open (a close frame may just have arrived, §9.9): ask it, writing nothing.
            if (presence == null) {
                reply(notification, PutOutcome.STORED);
            } else {
                deliverLive(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), uaid, List.of(),
                        replyTo(notification)));
            }
            routed(notification, Route.SUPERSEDED);
            return;
        }
        state.putPending(uaid, channelId, new PendingVersion(notification.version(), context.currentSystemTimeMs()));
        if (presence == null) {
            reply(notification, PutOutcome.STORED);
            routed(notification, Route.STORED);
            if (wake.enabled() && registration.wake() != null) {
                maybeWake(uaid, registration, state.pending(uaid), WakeRequest.Reason.STORED);
            }
            return;
        }
        // The node writes to the socket and answers the gateway itself: delivered, or stored if
        // the connection has gone meanwhile (§9.9).
        deliverLive(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), uaid,
                List.of(new Update(channelId, notification.version(), notification.data())),
                routedToNode(notification)));
    }

    /**
     * No-store mode: the same checks, but nothing is written to {@code pending}. An offline device
     * (no presence, or its node judged dead) gets nothing and the PUT is answered
     * {@link PutOutcome#DROPPED}; a connected one gets the update on its socket and the node
     * answers delivered-not-kept, or dropped if the socket has gone meanwhile (§9.9). There is no
     * §13.3 check: with nothing pending, no version can supersede another.
     */
    private void onNotificationKeepingNothing(Notification notification) {
        String uaid = notification.uaid();
        String channelId = notification.channelId();
        Registration registration = registeredFor(notification);
        if (registration == null) {
            return;
        }
        if (registration.webPush() && notification.isPut()) {
            // A data-mode device reads no updates array: a data-less message, kept nowhere.
            webPush.onPut(notification, registration, livePresence(uaid));
            return;
        }
        Presence presence = livePresence(uaid);
        if (presence == null) {
            reply(notification, PutOutcome.DROPPED);
            routed(notification, Route.DROPPED);
            return;
        }
        deliverLive(new NodeCommand.Deliver(presence.nodeId(), presence.connectionId(), uaid,
                List.of(new Update(channelId, notification.version(), notification.data())),
                routedToNode(notification), true));
    }

    /** Spec §9.7: the registration holding the PUT's channel, or null once the PUT is answered 404. */
    private Registration registeredFor(Notification notification) {
        Registration registration = state.registration(notification.uaid());
        if (registration == null || !Ids.isValid(notification.channelId())
                || !state.hasChannel(notification.uaid(), notification.channelId())) {
            reply(notification, PutOutcome.UNKNOWN_ENDPOINT);
            routed(notification, Route.UNKNOWN);
            return null;
        }
        return registration;
    }

    /**
     * The device's presence, or null when it has none or its node is judged dead: routing to a
     * dead node would leave the PUT waiting for gateway.reply.timeout, so that presence is swept
     * and the device, reconnecting elsewhere, gets what is pending from the store.
     */
    private Presence livePresence(String uaid) {
        Presence presence = state.presence(uaid);
        if (presence != null && liveness.isDead(presence.nodeId())) {
            state.clearPresence(uaid);
            return null;
        }
        return presence;
    }

    private void reply(Notification notification, PutOutcome outcome) {
        context.forward(new Record<String, Object>(notification.uaid(),
                        new GatewayReply(notification.gatewayId(), notification.requestId(), outcome),
                        context.currentSystemTimeMs()),
                StateTopology.GATEWAY_REPLIES_SINK);
    }

    /**
     * A PUT's delivery to a connected device, or its §13.3 status question: with fast deliveries
     * on {@code deliveries}, which the node reads without waiting for this transaction's commit.
     * Safe to read early: a delivery from a transaction that aborts is sent again when its PUT is
     * processed again, and a device is only ever sent versions that were accepted.
     */
    private void deliverLive(NodeCommand.Deliver deliver) {
        context.forward(new Record<String, Object>(deliver.uaid(), deliver, context.currentSystemTimeMs()),
                rules.fastDeliveries() ? StateTopology.DELIVERIES_SINK : StateTopology.NODE_COMMANDS_SINK);
    }

    private void sendToNode(NodeCommand command) {
        context.forward(new Record<String, Object>(command.uaid(), command, context.currentSystemTimeMs()),
                StateTopology.NODE_COMMANDS_SINK);
    }

    /** A routing to no node; one to a node is audited by the node ({@link #routedToNode}). */
    private void routed(Notification notification, Route route) {
        if (notification.channelId() != null) {
            audit(new AuditEvent.Routed(notification.uaid(), notification.channelId(), notification.version(), route,
                    null, null, notification.requestId(), now()));
        }
    }

    private void auditHello(DeviceEvent.Hello hello, HelloOutcome outcome, HelloReason reason, int pending) {
        audit(new AuditEvent.Hello(hello.uaid(), hello.nodeId(), hello.connectionId(), outcome, reason,
                hello.channelCount(), pending, now()));
    }

    /** To {@code audit}, keyed by uaid, with the event's time as the record timestamp. */
    private void audit(AuditEvent event) {
        if (audit) {
            context.forward(new Record<String, Object>(event.uaid(), event, event.time()), StateTopology.AUDIT_SINK);
        }
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    private StateOutputs outputs() {
        return new StateOutputs() {
            @Override
            public void toNode(NodeCommand command) {
                sendToNode(command);
            }

            @Override
            public void live(NodeCommand.Deliver deliver) {
                deliverLive(deliver);
            }

            @Override
            public void reply(Notification notification, PutOutcome outcome) {
                DeviceStateProcessor.this.reply(notification, outcome);
            }

            @Override
            public NodeCommand.ReplyTo routedToNode(Notification notification) {
                return DeviceStateProcessor.this.routedToNode(notification);
            }

            @Override
            public void audit(AuditEvent event) {
                DeviceStateProcessor.this.audit(event);
            }

            @Override
            public long now() {
                return DeviceStateProcessor.this.now();
            }
        };
    }

    /** Everything pending as data-less updates, in channel id order so a flush is reproducible. */
    private static List<Update> toUpdates(SortedMap<String, PendingVersion> pending) {
        return pending.entrySet().stream().map(e -> Update.of(e.getKey(), e.getValue().version())).toList();
    }

    private static long eventTime(long atMillis, long recordTimestamp) {
        return atMillis > 0 ? atMillis : recordTimestamp;
    }
}
