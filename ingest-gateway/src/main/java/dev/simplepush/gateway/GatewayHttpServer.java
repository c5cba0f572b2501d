package dev.simplepush.gateway;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The Undertow listener. Requests arriving after {@link #shutDown} get 503 while the ones in
 * flight finish.
 */
final class GatewayHttpServer implements AutoCloseable {
    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final int port;
    private volatile boolean accepting = true;

    private GatewayHttpServer(Undertow undertow, GracefulShutdownHandler graceful, int port) {
        this.undertow = undertow;
        this.graceful = graceful;
        this.port = port;
    }

    static GatewayHttpServer start(String host, int port, HttpHandler handler) {
        return start(host, port, null, handler);
    }

    /** @param tls null for plain HTTP, else the server context of an HTTPS listener */
    static GatewayHttpServer start(String host, int port, SSLContext tls, HttpHandler handler) {
        GracefulShutdownHandler graceful = Handlers.gracefulShutdown(handler);
        Undertow.Builder builder = Undertow.builder();
        if (tls == null) {
            builder.addHttpListener(port, host);
        } else {
            builder.addHttpsListener(port, host, tls);
        }
        Undertow undertow = builder.setHandler(graceful).build();
        undertow.start();
        int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return new GatewayHttpServer(undertow, graceful, bound);
    }

    int port() {
        return port;
    }

    /** Whether new requests are served: true from start until {@link #shutDown()}. */
    boolean accepting() {
        return accepting;
    }

    /** Refuses new requests from now on. */
    void shutDown() {
        accepting = false;
        graceful.shutdown();
    }

    /** Waits for requests in flight, then stops the listener and its threads. */
    void stop(Duration grace) {
        accepting = false;
        graceful.shutdown();
        try {
            graceful.awaitShutdown(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
    }

    @Override
    public void close() {
        accepting = false;
        graceful.shutdown();
        undertow.stop();
    }
}
