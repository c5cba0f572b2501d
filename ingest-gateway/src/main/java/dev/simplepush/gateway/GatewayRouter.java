package dev.simplepush.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * The only route is {@code /update/<token>} (spec §9.1–9.2): everything else is 404, OPTIONS is
 * 200, methods other than PUT are 405. With CORS on, OPTIONS and PUT answers carry the headers.
 */
final class GatewayRouter implements HttpHandler {
    static final String PREFIX = "/update/";
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");

    private final UpdateHandler updates;
    private final boolean cors;

    GatewayRouter(UpdateHandler updates, boolean cors) {
        this.updates = updates;
        this.cors = cors;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String token = tokenOf(exchange.getRelativePath());
        if (token == null) {
            Responses.error(exchange, PutDecision.Rejected.of(GatewayError.NOT_FOUND));
            return;
        }
        HttpString method = exchange.getRequestMethod();
        boolean options = Methods.OPTIONS.equals(method);
        boolean put = Methods.PUT.equals(method);
        if (cors && (options || put)) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, "*");
            exchange.getResponseHeaders().put(ALLOW_METHODS, Responses.ALLOWED_METHODS);
        }
        if (options) {
            exchange.setStatusCode(200);
            exchange.endExchange();
        } else if (!put) {
            Responses.error(exchange, PutDecision.Rejected.of(GatewayError.METHOD_NOT_ALLOWED));
        } else {
            updates.handle(exchange, token);
        }
    }

    /** The token of {@code /update/<token>}, or null for any other path. */
    static String tokenOf(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String token = path.substring(PREFIX.length());
        return token.isEmpty() || token.indexOf('/') >= 0 ? null : token;
    }
}
