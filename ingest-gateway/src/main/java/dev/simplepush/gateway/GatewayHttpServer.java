package dev.simplepush.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The HTTP(S) listener. Requests arriving after {@link #shutDown} get 503 while the ones in flight
 * finish.
 *
 * <p>Built from Undertow's parts rather than {@code Undertow.builder()} so that a
 * {@link ConnectionGuard} sits between the listening socket and Undertow's open listener: the
 * builder offers no hook where a connection can be counted from accept or refused with an answer.
 * The options are the builder's defaults plus the limits of {@link HttpLimits}.
 */
final class GatewayHttpServer implements AutoCloseable {
    /** Undertow's own buffer size on a JVM with more than 128 MB of heap. */
    private static final int BUFFER_SIZE = 16 * 1024 - 20;

    private final XnioWorker worker;
    private final AcceptingChannel<? extends StreamConnection> server;
    private final GracefulShutdownHandler graceful;
    private final ConnectionGuard connections;
    private final DefaultByteBufferPool buffers;
    private final int port;
    private volatile boolean accepting = true;

    private GatewayHttpServer(XnioWorker worker, AcceptingChannel<? extends StreamConnection> server,
            GracefulShutdownHandler graceful, ConnectionGuard connections, DefaultByteBufferPool buffers) {
        this.worker = worker;
        this.server = server;
        this.graceful = graceful;
        this.connections = connections;
        this.buffers = buffers;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    static GatewayHttpServer start(String host, int port, HttpHandler handler) {
        return start(host, port, null, handler);
    }

    /** With the default limits, counting client errors in meters nobody reads: for tests. */
    static GatewayHttpServer start(String host, int port, SSLContext tls, HttpHandler handler) {
        return start(host, port, tls, HttpLimits.defaults(), GatewayConfig.DEFAULT_MAX_BODY_BYTES,
                new ClientErrors(new SimpleMeterRegistry()), handler);
    }

    /**
     * @param tls          null for plain HTTP, else the server context of an HTTPS listener
     * @param maxBodyBytes the body cap, for the 413 of a declared length too large to throw away
     */
    static GatewayHttpServer start(String host, int port, SSLContext tls, HttpLimits limits, int maxBodyBytes,
            ClientErrors errors, HttpHandler handler) {
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway's IO threads", e);
        }
        DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, -1, 4);
        try {
            OptionMap undertowOptions = OptionMap.builder()
                    // Later requests on a kept-alive connection; the first head is ConnectionGuard's.
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headTimeout().toMillis())
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                    // A backstop above our own 414/431 checks: past it Undertow just closes.
                    .set(UndertowOptions.MAX_HEADER_SIZE, Math.max(limits.undertowHeadBytes(), BUFFER_SIZE + 1))
                    .set(UndertowOptions.MAX_HEADERS, limits.maxHeaders() * 2)
                    .set(UndertowOptions.MAX_PARAMETERS, limits.maxFormFields() * 2)
                    .set(UndertowOptions.MAX_COOKIES, limits.maxHeaders())
                    // What Undertow may read and throw away behind an early answer (413 and the like).
                    .set(UndertowOptions.MAX_ENTITY_SIZE, Math.max(limits.maxDiscardBytes(), maxBodyBytes))
                    .set(UndertowOptions.ENABLE_HTTP2, false)
                    .getMap();
            HttpOpenListener undertow = new HttpOpenListener(buffers, undertowOptions);
            ConnectionGuard connections = new ConnectionGuard(undertow, limits, errors);
            GracefulShutdownHandler graceful = Handlers.gracefulShutdown(handler);
            // Outside the graceful handler: a request refused while shutting down has still arrived.
            undertow.setRootHandler(new RequestGuard(graceful, limits, connections, errors, maxBodyBytes));
            ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(connections);
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.BACKLOG, 1000)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap();
            InetSocketAddress address = new InetSocketAddress(host, port);
            AcceptingChannel<? extends StreamConnection> server;
            if (tls == null) {
                server = worker.createStreamConnectionServer(address, accept, socketOptions);
            } else {
                UndertowXnioSsl ssl = new UndertowXnioSsl(worker.getXnio(), OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
                        tls);
                @SuppressWarnings({"unchecked", "rawtypes"})
                ChannelListener<AcceptingChannel<org.xnio.ssl.SslConnection>> sslAccept = (ChannelListener) accept;
                server = ssl.createSslConnectionServer(worker, address, sslAccept, socketOptions);
            }
            server.resumeAccepts();
            return new GatewayHttpServer(worker, server, graceful, connections, buffers);
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            buffers.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, io);
            }
            throw (RuntimeException) e;
        }
    }

    int port() {
        return port;
    }

    /** Connections open now, from accept to close, including those still sending a head. */
    int openConnections() {
        return connections.open();
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
        stopNow();
    }

    @Override
    public void close() {
        accepting = false;
        graceful.shutdown();
        stopNow();
    }

    private void stopNow() {
        IoUtils.safeClose(server);
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        buffers.close();
    }
}
