package dev.simplepush.node.connection;

import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters the connections of one node record: hellos, registers, unregisters, acks,
 * deliveries and the delivery latency ({@link MetricName}), and the upgrades refused before any
 * connection exists. Every meter is built here once, so
 * recording on a connection's hot path is an increment and never a lookup or an allocation.
 */
public final class NodeMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter hellosAccepted;
    private final Counter hellosReset;
    private final Counter registers;
    private final Counter unregisters;
    private final Counter acks;
    private final Counter delivered;
    private final Counter stored;
    private final Counter dropped;
    private final Counter hellosRedirected;
    private final Counter redirected;
    private final Counter redirectsWithoutPeer;
    private final Counter wakeCloses;
    private final Timer deliveryLatency;
    private final AtomicInteger webPushConnections = new AtomicInteger();
    private final Counter webPushHellos;
    private final Counter pushMessages;
    private final Map<String, Counter> pushAcks = new HashMap<>();
    private final Map<String, Counter> nacks = new HashMap<>();
    private final Counter invalidKeys;
    private final Counter unknownTypes;
    private final Map<String, Counter> upgradesRefused = new HashMap<>();
    private final Map<ClientError, Counter> clientErrors = new EnumMap<>(ClientError.class);
    /** Causes already logged: each is logged once, then only counted. */
    private final Set<ClientError> logged = ConcurrentHashMap.newKeySet();

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        hellosAccepted = counter(MetricName.NODE_HELLOS, "accepted");
        hellosReset = counter(MetricName.NODE_HELLOS, "reset");
        registers = counter(MetricName.NODE_REGISTERS, null);
        unregisters = counter(MetricName.NODE_UNREGISTERS, null);
        acks = counter(MetricName.NODE_ACKS, null);
        delivered = counter(MetricName.NODE_DELIVERIES, "delivered");
        stored = counter(MetricName.NODE_DELIVERIES, "stored");
        dropped = counter(MetricName.NODE_DELIVERIES, "dropped");
        hellosRedirected = counter(MetricName.NODE_HELLOS, "redirected");
        redirected = counter(MetricName.NODE_REDIRECTS, "redirected");
        redirectsWithoutPeer = counter(MetricName.NODE_REDIRECTS, "nopeer");
        deliveryLatency = track(Timer.builder(MetricName.DELIVERY_LATENCY.meterName())
                .description(MetricName.DELIVERY_LATENCY.description())
                .publishPercentileHistogram()
                .register(registry));
        for (String reason : MetricName.NODE_UPGRADES_REFUSED.tagValues()) {
            upgradesRefused.put(reason, counter(MetricName.NODE_UPGRADES_REFUSED, reason));
        }
        wakeCloses = counter(MetricName.NODE_WAKE_CLOSES, null);
        for (ClientError cause : ClientError.values()) {
            clientErrors.put(cause, counter(MetricName.NODE_CLIENT_ERRORS, cause.tag()));
        }
        track(Gauge.builder(MetricName.NODE_WEBPUSH_CONNECTIONS.meterName(), webPushConnections, AtomicInteger::get)
                .description(MetricName.NODE_WEBPUSH_CONNECTIONS.description())
                .register(registry));
        webPushHellos = counter(MetricName.NODE_WEBPUSH_HELLOS, null);
        pushMessages = counter(MetricName.NODE_WEBPUSH_MESSAGES, null);
        for (String code : MetricName.NODE_WEBPUSH_ACKS.tagValues()) {
            pushAcks.put(code, counter(MetricName.NODE_WEBPUSH_ACKS, code));
        }
        for (String code : MetricName.NODE_WEBPUSH_NACKS.tagValues()) {
            nacks.put(code, counter(MetricName.NODE_WEBPUSH_NACKS, code));
        }
        invalidKeys = counter(MetricName.NODE_WEBPUSH_INVALID_KEYS, null);
        unknownTypes = counter(MetricName.NODE_WEBPUSH_UNKNOWN_TYPES, null);
    }

    /** Meters that nobody reads, for tests and for services started without a registry. */
    public static NodeMetrics unread() {
        return new NodeMetrics(new SimpleMeterRegistry());
    }

    private Counter counter(MetricName metric, String tagValue) {
        Counter.Builder builder = Counter.builder(metric.meterName()).description(metric.description());
        if (tagValue != null) {
            if (!metric.tagValues().contains(tagValue)) {
                throw new IllegalArgumentException(tagValue + " is not a listed value of " + metric);
            }
            builder.tag(metric.tagKey(), tagValue);
        }
        return track(builder.register(registry));
    }

    private <M extends Meter> M track(M meter) {
        meters.add(meter);
        return meter;
    }

    void hello(NodeCommand.HelloOutcome outcome) {
        (outcome == NodeCommand.HelloOutcome.ACCEPTED ? hellosAccepted : hellosReset).increment();
    }

    void register() {
        registers.increment();
    }

    void unregister() {
        unregisters.increment();
    }

    void ack() {
        acks.increment();
    }

    /**
     * A notification frame was written. For a live delivery whose acceptance time is known, the
     * time since the gateway accepted the PUT is recorded; a negative span (the gateway's clock
     * ahead of ours) is dropped rather than clamped, so skew cannot pose as speed.
     */
    void delivered(NodeCommand.ReplyTo replyTo, long nowMillis) {
        delivered.increment();
        if (replyTo != null && replyTo.acceptedAtMillis() > 0) {
            long millis = nowMillis - replyTo.acceptedAtMillis();
            if (millis >= 0) {
                deliveryLatency.record(millis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** An idle socket closed with 4774. */
    void wakeClose() {
        wakeCloses.increment();
    }

    void stored() {
        stored.increment();
    }

    /** A delivery that could not be written: stored, or in no-store mode dropped. */
    void notWritten(boolean noStore) {
        (noStore ? dropped : stored).increment();
    }

    /** A hello accepted in data mode (W1.1). */
    void webPushHello() {
        webPushHellos.increment();
    }

    /** A connection entered ({@code +1}) or left ({@code -1}) data mode. */
    void webPushConnections(int delta) {
        webPushConnections.addAndGet(delta);
    }

    /** A Web Push notification frame was written (W3.1). */
    void pushMessageWritten() {
        pushMessages.increment();
    }

    /** A data-mode ack entry forwarded (W2.3). */
    void pushAck(int code) {
        pushAcks.get(codeTag(code, MetricName.NODE_WEBPUSH_ACKS)).increment();
    }

    /** A nack forwarded (W2.4). */
    void nack(int code) {
        nacks.get(codeTag(code, MetricName.NODE_WEBPUSH_NACKS)).increment();
    }

    private static String codeTag(int code, MetricName metric) {
        String tag = Integer.toString(code);
        return metric.tagValues().contains(tag) ? tag : "other";
    }

    /** A data-mode register refused for its key (W2.1). */
    void invalidKey() {
        invalidKeys.increment();
    }

    /** An unknown message type echoed on a data-mode socket that stays open (W2.5). */
    void unknownTypeEchoed() {
        unknownTypes.increment();
    }

    /** A hello answered 307 by the balancer (spec §12). */
    void redirected() {
        hellosRedirected.increment();
        redirected.increment();
    }

    /** A hello at or above the threshold that was accepted because no peer was below its own. */
    void redirectWithoutPeer() {
        redirectsWithoutPeer.increment();
    }

    /**
     * An upgrade refused before the handshake.
     *
     * @param reason one of {@link MetricName#NODE_UPGRADES_REFUSED}'s tag values: origin, rate, capacity
     */
    public void upgradeRefused(String reason) {
        Counter counter = upgradesRefused.get(reason);
        if (counter == null) {
            throw new IllegalArgumentException(reason + " is not a listed value of " + MetricName.NODE_UPGRADES_REFUSED);
        }
        counter.increment();
    }

    /**
     * A socket closed for what its device did: counted, and logged the first time this node sees
     * the cause. Never a stack trace, and never a line per socket.
     *
     * @param detail what the log line says of this first occurrence, e.g. the peer's address
     */
    public void clientError(ClientError cause, Object detail) {
        clientErrors.get(cause).increment();
        if (logged.add(cause)) {
            LOG.warn("closed a device socket for {} ({}); further ones are only counted in {}", cause.tag(), detail,
                    MetricName.NODE_CLIENT_ERRORS.prometheusName() + "{" + MetricName.NODE_CLIENT_ERRORS.tagKey()
                            + "=\"" + cause.tag() + "\"}");
        }
    }

    /** Removes this node's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
