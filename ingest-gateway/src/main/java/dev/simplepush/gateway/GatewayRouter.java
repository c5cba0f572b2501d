package dev.simplepush.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Two routes: {@code /update/<token>} (spec §9.1–9.2; with Web Push also POST, W4.1) and, with Web
 * Push on, {@code /m/<message id>} (DELETE, W4.8). Everything else is 404, OPTIONS is 200, other
 * methods are 405 with the route's {@code Allow}. With CORS on, OPTIONS answers and the answers of
 * the route's methods carry the headers; with Web Push on they also allow its request headers and
 * expose {@code Location} and {@code TTL}, so a page can send a Web Push message and read the 201.
 *
 * <p>Paths are the listener's own: like {@code /update/…}, {@code /m/…} is served at the root, so a
 * proxy in front of an {@code endpoint_base} with a path strips that path for both.
 */
final class GatewayRouter implements HttpHandler {
    static final String PREFIX = "/update/";
    static final String MESSAGE_PREFIX = "/m/";
    /** The Web Push request headers (W4.1), and Content-Type, which a page's binary body is not safelisted for. */
    static final String WEBPUSH_REQUEST_HEADERS =
            "TTL, Topic, Urgency, Content-Encoding, Encryption, Crypto-Key, Authorization, Content-Type";
    static final String WEBPUSH_EXPOSED_HEADERS = "Location, TTL";
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");

    private final UpdateHandler updates;
    private final PostHandler posts;
    private final CancelHandler cancels;
    private final boolean cors;

    /** SimplePush only: POST is 405 and {@code /m/…} 404, as before Web Push. */
    GatewayRouter(UpdateHandler updates, boolean cors) {
        this(updates, null, null, cors);
    }

    /** @param posts and {@code cancels}: both null when {@code webpush.enabled} is false */
    GatewayRouter(UpdateHandler updates, PostHandler posts, CancelHandler cancels, boolean cors) {
        if ((posts == null) != (cancels == null)) {
            throw new IllegalArgumentException("Web Push routes come as a pair");
        }
        this.updates = updates;
        this.posts = posts;
        this.cancels = cancels;
        this.cors = cors;
    }

    private boolean webPush() {
        return posts != null;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRelativePath();
        String token = tokenOf(path);
        if (token != null) {
            update(exchange, token);
            return;
        }
        String messageId = webPush() ? messageIdOf(path) : null;
        if (messageId != null) {
            message(exchange, messageId);
            return;
        }
        Responses.error(exchange, PutDecision.Rejected.of(GatewayError.NOT_FOUND));
    }

    private void update(HttpServerExchange exchange, String token) {
        HttpString method = exchange.getRequestMethod();
        boolean options = Methods.OPTIONS.equals(method);
        boolean put = Methods.PUT.equals(method);
        boolean post = webPush() && Methods.POST.equals(method);
        String allowed = webPush() ? Responses.ALLOWED_METHODS_WEBPUSH : Responses.ALLOWED_METHODS;
        if (cors && (options || put || post)) {
            corsHeaders(exchange, allowed);
        }
        if (options) {
            exchange.setStatusCode(200);
            exchange.endExchange();
        } else if (put) {
            updates.handle(exchange, token);
        } else if (post) {
            posts.handle(exchange, token);
        } else if (webPush()) {
            Responses.methodNotAllowed(exchange, allowed);
        } else {
            Responses.error(exchange, PutDecision.Rejected.of(GatewayError.METHOD_NOT_ALLOWED));
        }
    }

    private void message(HttpServerExchange exchange, String messageId) {
        HttpString method = exchange.getRequestMethod();
        boolean options = Methods.OPTIONS.equals(method);
        boolean delete = Methods.DELETE.equals(method);
        if (cors && (options || delete)) {
            corsHeaders(exchange, Responses.ALLOWED_METHODS_MESSAGE);
        }
        if (options) {
            exchange.setStatusCode(200);
            exchange.endExchange();
        } else if (delete) {
            cancels.handle(exchange, messageId);
        } else {
            Responses.methodNotAllowed(exchange, Responses.ALLOWED_METHODS_MESSAGE);
        }
    }

    private void corsHeaders(HttpServerExchange exchange, String methods) {
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, "*");
        exchange.getResponseHeaders().put(ALLOW_METHODS, methods);
        if (webPush()) {
            exchange.getResponseHeaders().put(ALLOW_HEADERS, WEBPUSH_REQUEST_HEADERS);
            exchange.getResponseHeaders().put(EXPOSE_HEADERS, WEBPUSH_EXPOSED_HEADERS);
        }
    }

    /** The token of {@code /update/<token>}, or null for any other path. */
    static String tokenOf(String path) {
        return segmentAfter(PREFIX, path);
    }

    /** The message id of {@code /m/<id>}, or null for any other path. */
    static String messageIdOf(String path) {
        return segmentAfter(MESSAGE_PREFIX, path);
    }

    private static String segmentAfter(String prefix, String path) {
        if (path == null || !path.startsWith(prefix)) {
            return null;
        }
        String segment = path.substring(prefix.length());
        return segment.isEmpty() || segment.indexOf('/') >= 0 ? null : segment;
    }
}
