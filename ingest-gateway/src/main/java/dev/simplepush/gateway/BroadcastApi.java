package dev.simplepush.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.broadcast.Broadcast;
import dev.simplepush.schemas.broadcast.BroadcastIds;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcast API (webpush.md W6), compatible with Mozilla's Megaphone, in front of the
 * gateway's routes (any other path goes to {@code next}):
 *
 * <ul>
 *   <li>{@code PUT /v1/broadcasts/<broadcaster>/<channel>} with {@code Authorization: Bearer
 *       <token>} and the version as the body: written to the {@code broadcasts} topic (acks=all),
 *       then answered {@code 201 {"code":201}} for an id that had no version, {@code 200
 *       {"code":200}} otherwise, and audited ({@code broadcast_set});</li>
 *   <li>{@code GET /v1/broadcasts} with a reader's token: {@code 200 {"code":200,"broadcasts":
 *       {"<id>":"<version>",…}}}, the versions this gateway has read (its own sets included).</li>
 * </ul>
 *
 * <p>Errors are Megaphone's ({@link BroadcastError}): {@code {"code","errno","error"}}, a 401 with
 * {@code WWW-Authenticate: Bearer realm="simplepush"}. The checks run in this order: the token
 * (401; a reader's token on a PUT, or a broadcaster's on a GET, 403), the ids (400), whether the
 * token's broadcaster owns the id (403), the version (400); anything else under
 * {@code /v1/broadcasts} is 404, as Megaphone answers an unknown route.
 */
final class BroadcastApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastApi.class);
    static final String PREFIX = "/v1/broadcasts";
    /** A version is at most 200 ASCII bytes; a larger body is read no further. */
    private static final int MAX_BODY_BYTES = 1024;
    private static final String REALM = "Bearer realm=\"simplepush\"";
    private static final String BEARER = "bearer ";

    /** Where sets go: the broadcasts topic and the audit trail, or a fake in tests. */
    interface Store {
        /** Completes with the record's offset once Kafka has it (acks=all). */
        CompletableFuture<Long> publish(Broadcast broadcast);

        void audit(AuditEvent.BroadcastSet event);
    }

    private final HttpHandler next;
    private final BroadcastApiSettings settings;
    private final BroadcastTable table;
    private final Store store;
    private final int gatewayId;
    private final InstantSource clock;
    private final Map<Integer, Counter> byStatus = new HashMap<>();

    BroadcastApi(HttpHandler next, BroadcastApiSettings settings, BroadcastTable table, Store store, int gatewayId,
            InstantSource clock, MeterRegistry meters) {
        this.next = next;
        this.settings = settings;
        this.table = table;
        this.store = store;
        this.gatewayId = gatewayId;
        this.clock = clock;
        MetricName metric = MetricName.GATEWAY_BROADCAST_REQUESTS;
        for (String status : metric.tagValues()) {
            byStatus.put(Integer.parseInt(status), Counter.builder(metric.meterName())
                    .description(metric.description()).tag(metric.tagKey(), status).register(meters));
        }
    }

    /** Removes the meters. */
    void close(MeterRegistry meters) {
        byStatus.values().forEach(meters::remove);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            next.handleRequest(exchange);
            return;
        }
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            Counter counter = byStatus.get(done.getStatusCode());
            if (counter != null) {
                counter.increment();
            }
            nextListener.proceed();
        });
        String rest = path.substring(PREFIX.length());
        HttpString method = exchange.getRequestMethod();
        if (rest.isEmpty() || rest.equals("/")) {
            if (Methods.GET.equals(method)) {
                list(exchange);
            } else {
                error(exchange, BroadcastError.NOT_FOUND);
            }
            return;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length != 2 || !Methods.PUT.equals(method)) {
            error(exchange, BroadcastError.NOT_FOUND);
            return;
        }
        put(exchange, parts[0], parts[1]);
    }

    private void list(HttpServerExchange exchange) {
        Optional<String> token = token(exchange);
        if (token.isEmpty()) {
            return;
        }
        if (settings.reader(token.get()).isEmpty()) {
            error(exchange, settings.broadcaster(token.get()).isPresent() ? BroadcastError.FORBIDDEN
                    : BroadcastError.INVALID_AUTH);
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("code", 200);
        ObjectNode broadcasts = body.putObject("broadcasts");
        table.versions().forEach(broadcasts::put);
        send(exchange, 200, body.toString());
    }

    private void put(HttpServerExchange exchange, String broadcaster, String channel) {
        Optional<String> token = token(exchange);
        if (token.isEmpty()) {
            return;
        }
        Optional<String> owner = settings.broadcaster(token.get());
        if (owner.isEmpty()) {
            error(exchange, settings.reader(token.get()).isPresent() ? BroadcastError.FORBIDDEN
                    : BroadcastError.INVALID_AUTH);
            return;
        }
        if (!BroadcastIds.validBroadcaster(broadcaster)) {
            error(exchange, BroadcastError.INVALID_BROADCASTER);
            return;
        }
        if (!BroadcastIds.validChannel(channel)) {
            error(exchange, BroadcastError.INVALID_CHANNEL);
            return;
        }
        if (!owner.get().equals(broadcaster)) {
            LOG.warn("broadcaster {} tried to set {}/{}", owner.get(), broadcaster, channel);
            error(exchange, BroadcastError.FORBIDDEN);
            return;
        }
        String id = broadcaster + "/" + channel;
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(MAX_BODY_BYTES);
        receiver.receiveFullBytes((ex, body) -> {
            RequestGuard.bodyRead(ex);
            String version = new String(body, StandardCharsets.US_ASCII);
            if (!BroadcastIds.validVersion(version) || body.length != version.length()) {
                error(ex, BroadcastError.INVALID_VERSION);
                return;
            }
            // The producer may block briefly for metadata: not on an IO thread.
            ex.dispatch(ex.getConnection().getWorker(), () -> store(ex, id, version, owner.get()));
        }, (ex, failure) -> {
            if (failure instanceof Receiver.RequestToLargeException) {
                error(ex, BroadcastError.INVALID_VERSION);
            } else {
                LOG.debug("reading a broadcast body failed: {}", failure.toString());
                ex.endExchange();
            }
        });
    }

    private void store(HttpServerExchange exchange, String id, String version, String broadcaster) {
        String previous = table.version(id);
        Broadcast broadcast = new Broadcast(id, version, clock.millis(), "api:" + broadcaster);
        // Continued on a worker, not the producer's network thread: the audit write below may
        // have to wait for metadata, which that thread itself would have to fetch.
        store.publish(broadcast).whenCompleteAsync((offset, failure) -> {
            if (failure != null) {
                LOG.warn("could not store broadcast {}: {}", id, failure.toString());
                answer(exchange, () -> error(exchange, BroadcastError.UNAVAILABLE));
                return;
            }
            // At once, so a GET right after this PUT sees it; the reader applies it again later.
            table.apply(offset, id, broadcast);
            LOG.info("broadcast {} set to version {} by {}", id, version, broadcaster);
            store.audit(new AuditEvent.BroadcastSet(id, version, previous, broadcast.setBy(), gatewayId,
                    broadcast.setAtMillis()));
            int status = previous == null ? 201 : 200;
            answer(exchange, () -> send(exchange, status, "{\"code\":" + status + "}"));
        }, exchange.getConnection().getWorker());
    }

    /** The bearer token, or empty after answering 401. */
    private static Optional<String> token(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null) {
            error(exchange, BroadcastError.MISSING_AUTH);
            return Optional.empty();
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            error(exchange, BroadcastError.INVALID_AUTH);
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }

    private static void error(HttpServerExchange exchange, BroadcastError error) {
        if (error.status() == 401) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, REALM);
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("code", error.status()).put("errno", error.errno())
                .put("error", error.message());
        send(exchange, error.status(), body.toString());
    }

    private static void send(HttpServerExchange exchange, int status, String body) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Responses.JSON);
        exchange.getResponseSender().send(body);
    }

    /** Writes on the exchange's IO thread, where Undertow expects it. */
    private static void answer(HttpServerExchange exchange, Runnable write) {
        exchange.getIoThread().execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("could not answer a broadcast request", e);
                exchange.endExchange();
            }
        });
    }

}
