package dev.simplepush.gateway.webpush;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** The answers of an RFC 8030 POST on the exchange: 201 with its headers (W4.4), or a JSON error (W4.9). */
public final class WebPushResponses {
    public static final HttpString TTL = new HttpString(PostValidator.TTL);

    private WebPushResponses() {
    }

    public static void created(HttpServerExchange exchange, AcceptedPost post) {
        created(exchange, post, post.ttlHeader());
    }

    /**
     * @param ttl the {@code TTL} header: the TTL used, or 0 when streams-state kept the message
     *            nowhere (RFC 8030 §5.2: the push service says how long it actually keeps it)
     */
    public static void created(HttpServerExchange exchange, AcceptedPost post, String ttl) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(201);
        exchange.getResponseHeaders().put(Headers.LOCATION, post.location());
        exchange.getResponseHeaders().put(TTL, ttl);
        exchange.getResponseSender().send("");
    }

    /** 204 for a {@code DELETE /m/<id>} whose cancel is durable (W4.8). */
    public static void noContent(HttpServerExchange exchange) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    public static void error(HttpServerExchange exchange, WebPushRejection rejection) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(rejection.error().status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, WebPushErrorBody.CONTENT_TYPE);
        exchange.getResponseSender().send(rejection.body().toJson());
    }
}
