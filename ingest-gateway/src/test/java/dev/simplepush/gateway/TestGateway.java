package dev.simplepush.gateway;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.token.EndpointTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway listener on a free port whose sink answers every PUT as delivered, with the given
 * HTTP limits: the fixture for tests that talk to it over raw sockets.
 */
final class TestGateway implements AutoCloseable {
    static final String UAID = "0123456789abcdef0123456789abcdef";
    static final String CHID = "11111111-2222-3333-4444-555555555555";
    static final int MAX_BODY = 16_384;

    final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    final String token = tokens.encode(UAID, CHID);
    final List<Notification> written = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayMetrics metrics = new GatewayMetrics(registry);
    private final ReplyWaiters waiters = new ReplyWaiters(Duration.ofSeconds(2));
    private final GatewayHttpServer server;

    TestGateway(HttpLimits limits) {
        NotificationSink sink = (Notification notification) -> {
            written.add(notification);
            waiters.complete(new GatewayReply(notification.gatewayId(), notification.requestId(),
                    PutOutcome.DELIVERED));
            return CompletableFuture.<Void>completedFuture(null);
        };
        PutDecider decider = new PutDecider(0, MAX_BODY, 4096, limits.maxFormFields(), tokens, Clock.systemUTC(),
                new RequestIds(0));
        ClientErrors errors = new ClientErrors(registry);
        UpdateHandler updates = new UpdateHandler(decider, sink, waiters, 202, AuditLog.OFF, null);
        server = GatewayHttpServer.start("127.0.0.1", 0, null, limits, MAX_BODY, errors,
                new MeteredHandler(new GatewayRouter(updates, false), metrics));
    }

    int port() {
        return server.port();
    }

    String path() {
        return "/update/" + token;
    }

    /** Connections the listener holds open now. */
    int openConnections() {
        return server.openConnections();
    }

    /** How many times a client error of {@code cause} was counted. */
    double clientErrors(ClientErrors.Cause cause) {
        var counter = registry.find(dev.simplepush.schemas.MetricName.GATEWAY_CLIENT_ERRORS.meterName())
                .tag(dev.simplepush.schemas.MetricName.GATEWAY_CLIENT_ERRORS.tagKey(), cause.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        waiters.close();
        metrics.close();
    }
}
