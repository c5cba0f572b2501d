package dev.simplepush.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The first handler of every request, outside the metered one (its refusals count in
 * {@code simplepush.gateway.client.errors}, not in {@code simplepush.gateway.puts}): bounds what
 * the head may hold (414, 431), refuses framing it cannot trust (400) or a declared body too
 * large to throw away (413, then close), and starts
 * the body timer ({@code gateway.request.body.timeout}) that closes a connection whose body
 * trickles in. The timer stops when the PUT handler has the whole body
 * ({@link #bodyRead(HttpServerExchange)}) or when the exchange ends (after any body Undertow reads
 * and discards behind an early answer).
 */
final class RequestGuard implements HttpHandler {
    private static final AttachmentKey<XnioExecutor.Key> BODY_TIMER = AttachmentKey.create(XnioExecutor.Key.class);
    /** More digits than this may not fit a long; Undertow's own parser then wraps around. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private final HttpHandler next;
    private final HttpLimits limits;
    private final ConnectionGuard connections;
    private final ClientErrors errors;
    private final int maxBodyBytes;

    RequestGuard(HttpHandler next, HttpLimits limits, ConnectionGuard connections, ClientErrors errors,
            int maxBodyBytes) {
        this.next = next;
        this.limits = limits;
        this.connections = connections;
        this.errors = errors;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        connections.headArrived(exchange);
        startBodyTimer(exchange);
        int urlBytes = exchange.getRequestURI().length() + exchange.getQueryString().length() + 1;
        if (urlBytes > limits.maxUrlBytes()) {
            reject(exchange, ClientErrors.Cause.URI_TOO_LONG, GatewayError.URI_TOO_LONG);
            return;
        }
        if (!headersFit(exchange)) {
            reject(exchange, ClientErrors.Cause.HEADERS_TOO_LARGE, GatewayError.HEADERS_TOO_LARGE);
            return;
        }
        HeaderValues contentLength = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
        if (contentLength != null) {
            if (contentLength.size() != 1 || !isDigits(contentLength.getFirst())) {
                reject(exchange, ClientErrors.Cause.BAD_FRAMING, GatewayError.BAD_FRAMING);
                return;
            }
            String digits = contentLength.getFirst();
            if (digits.length() > MAX_LENGTH_DIGITS || Long.parseLong(digits) > Math.max(maxBodyBytes, limits.maxDiscardBytes())) {
                // Too large to throw away, and past 18 digits Undertow's framing may be wrong: answer, close.
                reject(exchange, ClientErrors.Cause.BODY_TOO_LARGE, new PutDecision.Rejected(GatewayError.BODY_TOO_LARGE,
                        GatewayError.BODY_TOO_LARGE.message(maxBodyBytes)));
                return;
            }
        }
        next.handleRequest(exchange);
    }

    /** The PUT handler has read the whole body: the rest is up to Kafka, not the client. */
    static void bodyRead(HttpServerExchange exchange) {
        XnioExecutor.Key timer = exchange.removeAttachment(BODY_TIMER);
        if (timer != null) {
            timer.remove();
        }
    }

    private void startBodyTimer(HttpServerExchange exchange) {
        if (exchange.isRequestComplete()) {
            return;
        }
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (exchange.removeAttachment(BODY_TIMER) != null && !exchange.isComplete()) {
                errors.record(ClientErrors.Cause.BODY_TIMEOUT, exchange.getSourceAddress());
                IoUtils.safeClose(exchange.getConnection());
            }
        }, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        exchange.putAttachment(BODY_TIMER, timer);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            bodyRead(done);
            nextListener.proceed();
        });
    }

    private boolean headersFit(HttpServerExchange exchange) {
        int lines = 0;
        long bytes = 0;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            int nameBytes = values.getHeaderName().length();
            for (String value : values) {
                lines++;
                bytes += nameBytes + value.length() + 4;
            }
        }
        return lines <= limits.maxHeaders() && bytes <= limits.maxHeaderBytes();
    }

    private void reject(HttpServerExchange exchange, ClientErrors.Cause cause, GatewayError error) {
        reject(exchange, cause, PutDecision.Rejected.of(error));
    }

    /** Answers and closes: after a head we refused, nothing that follows on the connection is trusted. */
    private void reject(HttpServerExchange exchange, ClientErrors.Cause cause, PutDecision.Rejected rejected) {
        errors.record(cause, exchange.getSourceAddress());
        bodyRead(exchange);
        Responses.errorThenClose(exchange, rejected);
    }

    private static boolean isDigits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
