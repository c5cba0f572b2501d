package dev.simplepush.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

/**
 * Counts every answered request by status and times PUTs from arrival to the end of the
 * response. It counts when the exchange completes, so each answer is counted once whichever
 * path (early rejection, producer failure, reply, timeout) wrote it. OPTIONS is not counted: it
 * is a browser's preflight, not an update.
 */
final class MeteredHandler implements HttpHandler {
    private final HttpHandler next;
    private final GatewayMetrics metrics;

    MeteredHandler(HttpHandler next, GatewayMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (Methods.OPTIONS.equals(exchange.getRequestMethod())) {
            next.handleRequest(exchange);
            return;
        }
        long arrived = System.nanoTime();
        boolean put = Methods.PUT.equals(exchange.getRequestMethod());
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                metrics.answered(done.getStatusCode());
                if (put) {
                    metrics.putAnswered(System.nanoTime() - arrived);
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
