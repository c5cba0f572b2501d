package dev.simplepush.gateway;

import dev.simplepush.gateway.webpush.PostDecider;
import dev.simplepush.gateway.webpush.PostValidator;
import dev.simplepush.gateway.webpush.VapidVerifier;
import dev.simplepush.gateway.webpush.WebPushMetrics;
import dev.simplepush.gateway.webpush.WebPushSettings;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.limit.KeyedRateLimiter;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.SubscriptionTokens;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: {@code PUT /update/<token>} (SimplePush), and with {@code webpush.enabled}
 * {@code POST /update/<token>} and {@code DELETE /m/<message id>} (Web Push, docs/webpush.md) in,
 * {@link dev.simplepush.schemas.Notification} records out.
 *
 * <p>Writes {@code notifications} (keyed by uaid, acks=all, idempotent), one {@code accepted}
 * record per answered PUT to {@code audit} (unless {@code audit.enabled} is false), and reads partition
 * {@code gateway.id} of {@code gateway-replies} for each PUT's outcome: delivered → 200, stored →
 * {@code gateway.stored.status}, unknown endpoint → 404. With no outcome within
 * {@code gateway.reply.timeout} the update is durable anyway, so the answer is the stored status.
 * A Web Push POST waits for its outcome the same way (201, 410, 429; 201 without one) and writes a
 * {@code posted} audit record once its token authenticated; a DELETE of a message is 204 once its
 * cancel is durable.
 *
 * <p>How to run it: start Kafka, then {@code ./simplepush gateway} (see the launcher), or
 * {@code GatewayService.start(GatewayConfig.from(config))} in code. Every gateway instance needs
 * its own {@code gateway.id} below {@code topics.max.gateways}, and the same {@code token.keys} as
 * the delivery nodes that issue endpoints.
 *
 * <p>Metrics: {@link dev.simplepush.schemas.MetricName#GATEWAY_PUTS},
 * {@link dev.simplepush.schemas.MetricName#GATEWAY_PUT_LATENCY}, the Web Push meters
 * ({@link dev.simplepush.gateway.webpush.WebPushMetrics}) and the Kafka clients' own. Health:
 * ready while the HTTP listener serves and the reply consumer keeps polling its partition.
 */
public final class GatewayService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** A reply consumer that has not polled for this long is stuck (it polls every 100 ms). */
    private static final Duration POLL_STALL = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final ReplyWaiters waiters;
    private final KafkaNotificationSink sink;
    private final ReplyListener replies;
    private final GatewayHttpServer http;
    private final AutoCloseable audit;
    /** The broadcast API's producer and reader; null while it is off. */
    private final AutoCloseable broadcasts;
    /** Meters and metric binders, closed after everything else. */
    private final List<AutoCloseable> metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewayService(GatewayConfig config, ReplyWaiters waiters, KafkaNotificationSink sink,
            ReplyListener replies, GatewayHttpServer http, AutoCloseable audit, List<AutoCloseable> metrics,
            AutoCloseable broadcasts) {
        this.broadcasts = broadcasts;
        this.config = config;
        this.waiters = waiters;
        this.sink = sink;
        this.replies = replies;
        this.http = http;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** As {@link #start(GatewayConfig, MeterRegistry)}, with meters nobody reads. */
    public static GatewayService start(GatewayConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Creates missing topics, checks this gateway's reply partition exists, positions the reply
     * consumer at its end, then opens the HTTP listener. Returns when PUTs can be served.
     *
     * @param registry where the gateway's meters go; they are removed again on {@link #close()}
     * @throws IllegalStateException if {@code gateway-replies} has no partition {@code gateway.id}
     */
    public static GatewayService start(GatewayConfig config, MeterRegistry registry) {
        EndpointTokens tokens = EndpointTokens.fromSettingOrGenerated(config.tokenKeys());
        // Read the keystore before touching Kafka, so a bad one fails fast.
        SSLContext tls = config.tls().sslContext();
        TopicAdmin.ensureTopicsWithPartition(config.kafka(), config.topics(), config.layout(),
                config.topics().gatewayReplies().name(), config.gatewayId(), GatewayConfig.GATEWAY_ID);
        List<AutoCloseable> started = new ArrayList<>();
        List<AutoCloseable> metrics = new ArrayList<>();
        try {
            GatewayMetrics gatewayMetrics = new GatewayMetrics(registry);
            metrics.add(gatewayMetrics);
            ReplyWaiters waiters = new ReplyWaiters(config.replyTimeout());
            started.add(waiters);
            KafkaNotificationSink sink = new KafkaNotificationSink(config.kafka(), config.topics().notifications(),
                    config.gatewayId());
            started.add(sink);
            metrics.add(sink.bindMetrics(registry));
            sink.warmUp();
            ReplyListener replies = ReplyListener.start(config.kafka(), config.topics().gatewayReplies(),
                    config.gatewayId(), waiters);
            started.add(replies);
            metrics.add(replies.bindMetrics(registry));
            Clock clock = Clock.systemUTC();
            RequestIds requestIds = new RequestIds(config.gatewayId());
            PutDecider decider = new PutDecider(config.gatewayId(), config.maxBodyBytes(), config.maxDataBytes(),
                    config.http().maxFormFields(), tokens, clock, requestIds);
            ClientErrors clientErrors = new ClientErrors(registry);
            metrics.add(() -> clientErrors.close(registry));
            AuditLog auditLog = AuditLog.OFF;
            AutoCloseable auditCloser = () -> { };
            if (config.audit().enabled()) {
                KafkaAuditLog kafkaAudit = new KafkaAuditLog(config.kafka(), config.topics().audit(),
                        config.gatewayId(), registry, config.auditLinger());
                started.add(kafkaAudit);
                kafkaAudit.warmUp();
                auditLog = kafkaAudit;
                auditCloser = kafkaAudit;
            }
            // One bucket per endpoint for PUTs and POSTs alike (W4.9: rate limits as for PUT).
            KeyedRateLimiter perEndpoint = config.putRate().enabled() ? new KeyedRateLimiter(config.putRate()) : null;
            UpdateHandler updates = new UpdateHandler(decider, sink, waiters, config.storedStatus(), auditLog,
                    perEndpoint);
            GatewayRouter router = new GatewayRouter(updates, config.cors());
            WebPushSettings webPush = config.webPush();
            if (webPush.enabled()) {
                VapidVerifier vapid = VapidVerifier.from(webPush, clock);
                PostDecider posts = new PostDecider(new SubscriptionTokens(tokens), new MessageIds(tokens),
                        PostValidator.from(webPush), vapid, webPush);
                WebPushMetrics webPushMetrics = new WebPushMetrics(registry, vapid);
                metrics.add(webPushMetrics);
                router = new GatewayRouter(updates,
                        new PostHandler(posts, sink, waiters, auditLog, webPushMetrics, perEndpoint, config.gatewayId(),
                                requestIds, clock, webPush.retryAfterHeader()),
                        new CancelHandler(posts, sink, config.gatewayId(), requestIds, clock),
                        config.cors());
            }
            // The largest body any route reads: what a declared length is checked against before routing.
            int maxBody = webPush.enabled() ? Math.max(config.maxBodyBytes(), webPush.maxPayloadBytes())
                    : config.maxBodyBytes();
            HttpHandler routes = new MeteredHandler(router, gatewayMetrics);
            GatewayBroadcasts broadcasts = null;
            if (config.broadcasts().enabled()) {
                // In front of the metered routes: its requests are counted as broadcast requests, not PUTs.
                broadcasts = GatewayBroadcasts.start(config, registry, routes);
                started.add(broadcasts);
                routes = broadcasts.handler();
            }
            GatewayHttpServer http = GatewayHttpServer.start(config.listenHost(), config.listenPort(), tls,
                    config.http(), maxBody, clientErrors, withAccessLog(config, routes));
            started.add(http);
            Gauge connections = Gauge.builder(MetricName.GATEWAY_CONNECTIONS.meterName(), http,
                            GatewayHttpServer::openConnections)
                    .description(MetricName.GATEWAY_CONNECTIONS.description())
                    .register(registry);
            metrics.add(() -> registry.remove(connections));
            LOG.info("gateway {} listening on {}://{}:{} (at most {} connections)", config.gatewayId(),
                    config.tls().enabled() ? "https" : "http", config.listenHost(), http.port(),
                    config.http().maxConnections() == 0 ? "unlimited" : config.http().maxConnections());
            return new GatewayService(config, waiters, sink, replies, http, auditCloser, metrics, broadcasts);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                closeQuietly(started.get(i));
            }
            metrics.forEach(GatewayService::closeQuietly);
            throw e;
        }
    }

    private static HttpHandler withAccessLog(GatewayConfig config, HttpHandler handler) {
        return config.accessLog() ? new AccessLogHandler(handler) : handler;
    }

    /** The bound HTTP port: the configured one, or the one picked when it was 0. */
    public int port() {
        return http.port();
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Ready while the HTTP listener serves and the reply consumer has polled its partition within
     * the last few seconds (without that, every PUT would wait out {@code gateway.reply.timeout});
     * down once closed or if the reply thread has died.
     */
    public Health health() {
        if (closed.get()) {
            return Health.down("gateway " + config.gatewayId() + " is stopped");
        }
        if (!replies.isAlive()) {
            return Health.down("the reply consumer of " + replies.partition() + " has stopped");
        }
        long sincePoll = replies.sinceLastPoll().toMillis();
        if (sincePoll > POLL_STALL.toMillis()) {
            return Health.notReady("the reply consumer of " + replies.partition() + " last polled " + sincePoll
                    + " ms ago");
        }
        if (!http.accepting()) {
            return Health.notReady("the HTTP listener is shutting down");
        }
        return Health.ready("HTTP on port " + http.port() + ", replies from " + replies.partition());
    }

    /**
     * Refuses new PUTs, answers the waiting ones with the stored status (their writes are durable
     * or fail with 503 on their own), then stops the listener, the reply consumer and the producer.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.shutDown();
        waiters.close();
        http.stop(SHUTDOWN_GRACE);
        closeQuietly(replies);
        closeQuietly(sink);
        if (broadcasts != null) {
            closeQuietly(broadcasts);
        }
        // After the listener: the last answers' audit records are still sent.
        closeQuietly(audit);
        metrics.forEach(GatewayService::closeQuietly);
        LOG.info("gateway {} stopped", config.gatewayId());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("error while closing {}", closeable.getClass().getSimpleName(), e);
        }
    }
}
