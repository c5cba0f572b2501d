package dev.simplepush.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The app server's HTTP/1.1 client for plain-http endpoints: one selector thread, a fixed pool of
 * keep-alive connections per origin, one request in flight per connection, the rest queued oldest
 * first. The JDK client it replaces costs several thread hops and future stages per request and
 * opens a connection per request in flight; the bench shares the cores with the server it
 * measures, so its own cost shows up as server latency.
 *
 * <p>Futures complete on the selector thread: what depends on them must be quick and must not
 * block. A request fails (exceptionally) when its connection drops before the whole answer, when it
 * cannot connect, or after the timeout (from the call, waiting in the queue included).
 */
final class LeanHttpClient implements AutoCloseable {
    /** How often queued and in-flight requests are checked against their deadline. */
    private static final long SWEEP_NANOS = 20_000_000L;

    private final int connectionsPerOrigin;
    private final long timeoutNanos;
    private final Selector selector;
    private final Thread thread;
    private final Queue<PendingPut> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Map<String, OriginPool> pools = new ConcurrentHashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final LongAdder connectionsOpened = new LongAdder();
    private volatile boolean running = true;
    private long nextSweep;

    LeanHttpClient(int connectionsPerOrigin, Duration timeout, String threadName) {
        if (connectionsPerOrigin < 1) {
            throw new IllegalArgumentException("connections per origin must be at least 1");
        }
        this.connectionsPerOrigin = connectionsPerOrigin;
        this.timeoutNanos = timeout.toNanos();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * PUTs {@code body} to {@code target} (an http URL).
     *
     * @return the response status, or an exceptional future when no answer came
     */
    CompletableFuture<Integer> put(URI target, String contentType, String body) {
        return send("PUT", target, "Content-Type: " + contentType + "\r\n", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code content} to {@code target} (an http URL) with {@code method}.
     *
     * @param headerLines extra header lines, each ending in CRLF (no Host or Content-Length)
     * @return the response status, or an exceptional future when no answer came
     */
    CompletableFuture<Integer> send(String method, URI target, String headerLines, byte[] content) {
        OriginPool pool = pools.computeIfAbsent(OriginPool.key(target), k -> new OriginPool(target, connectionsPerOrigin));
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + pool.authority + "\r\n" + headerLines
                + "Content-Length: " + content.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(content, 0, bytes, headBytes.length, content.length);
        PendingPut put = new PendingPut(pool, bytes, System.nanoTime() + timeoutNanos);
        if (!running) {
            put.status.completeExceptionally(new IOException("client closed"));
            return put.status;
        }
        inbox.add(put);
        // One wake-up per batch: the loop clears the flag before it drains the inbox.
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return put.status;
    }

    /** Connections opened so far, over all origins (reconnects included). */
    long connectionsOpened() {
        return connectionsOpened.sum();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (running) {
                try {
                    round();
                } catch (ClosedSelectorException e) {
                    throw e;
                } catch (RuntimeException e) {
                    System.err.println("bench: app-server client: " + e);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            System.err.println("bench: app-server client stopped: " + e);
        } finally {
            running = false;
            shutdown();
        }
    }

    private void round() throws IOException {
        long wait = Math.max(1, (nextSweep - System.nanoTime()) / 1_000_000);
        selector.select(this::ready, wait);
        wakeupPending.set(false);
        long now = System.nanoTime();
        if (now - nextSweep >= 0) {
            sweep(now);
            nextSweep = now + SWEEP_NANOS;
        }
        // Last, so that requests made by completions (on this thread) go out in this round.
        for (PendingPut put; (put = inbox.poll()) != null; ) {
            put.pool.queue.add(put);
            dispatch(put.pool);
        }
    }

    private void shutdown() {
        IOException closed = new IOException("client closed");
        for (OriginPool pool : pools.values()) {
            for (HttpConnection connection : new ArrayList<>(pool.open)) {
                if (connection.request != null) {
                    connection.request.status.completeExceptionally(closed);
                }
                connection.close();
            }
            pool.open.clear();
            pool.idle.clear();
            pool.queue.forEach(put -> put.status.completeExceptionally(closed));
            pool.queue.clear();
        }
        for (PendingPut put; (put = inbox.poll()) != null; ) {
            put.status.completeExceptionally(closed);
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Shutting down: nothing to recover.
        }
    }

    /** Gives queued requests to idle connections, and opens connections while the pool has room. */
    private void dispatch(OriginPool pool) {
        while (!pool.queue.isEmpty()) {
            HttpConnection connection = pool.idle.pollFirst();
            if (connection != null) {
                send(connection, pool.queue.poll());
            } else if (pool.open.size() < pool.maxConnections && pool.connecting < pool.queue.size()) {
                if (!open(pool)) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private boolean open(OriginPool pool) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            HttpConnection connection = new HttpConnection(pool, channel);
            boolean done = channel.connect(new InetSocketAddress(pool.host, pool.port));
            connection.key = channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
            pool.open.add(connection);
            connectionsOpened.increment();
            if (done) {
                connected(connection);
            } else {
                pool.connecting++;
            }
            return true;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // The channel never connected.
                }
            }
            connectFailed(pool, e);
            return false;
        }
    }

    private void connected(HttpConnection connection) {
        connection.connected = true;
        connection.pool.idle.addFirst(connection);
        dispatch(connection.pool);
    }

    /** No connection could be made: when none is open to this origin, nothing will take the queue. */
    private void connectFailed(OriginPool pool, IOException error) {
        if (pool.open.isEmpty()) {
            ConnectException failure = new ConnectException("cannot connect to " + pool.authority + ": " + error);
            pool.queue.forEach(put -> put.status.completeExceptionally(failure));
            pool.queue.clear();
        }
    }

    private void send(HttpConnection connection, PendingPut put) {
        connection.request = put;
        connection.parser.reset();
        try {
            connection.channel.write(put.bytes);
            if (put.bytes.hasRemaining()) {
                connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            dropped(connection, e);
        }
    }

    private void ready(SelectionKey key) {
        HttpConnection connection = (HttpConnection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            handle(key, connection);
        } catch (RuntimeException e) {
            // A bug here must cost one connection, not the thread every PUT of the process goes through.
            System.err.println("bench: app-server connection to " + connection.pool.authority + " failed: " + e);
            if (connection.channel.isOpen()) {
                dropped(connection, new IOException(e));
            }
        }
    }

    private void handle(SelectionKey key, HttpConnection connection) {
        if (key.isConnectable()) {
            connection.pool.connecting--;
            try {
                connection.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
            } catch (IOException e) {
                connection.close();
                connection.pool.open.remove(connection);
                connectFailed(connection.pool, e);
                dispatch(connection.pool);
                return;
            }
            connected(connection);
            return;
        }
        if (key.isWritable()) {
            PendingPut put = connection.request;
            try {
                if (put != null) {
                    connection.channel.write(put.bytes);
                }
                if (put == null || !put.bytes.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                dropped(connection, e);
                return;
            }
        }
        if (key.isValid() && key.isReadable()) {
            read(connection);
        }
    }

    private void read(HttpConnection connection) {
        try {
            while (true) {
                readBuffer.clear();
                int n = connection.channel.read(readBuffer);
                if (n < 0) {
                    if (connection.request != null && connection.parser.endOfStream()) {
                        answered(connection, true);
                    } else {
                        dropped(connection, new IOException("connection closed by " + connection.pool.authority
                                + (connection.request != null ? " before the whole response" : "")));
                    }
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                if (connection.request == null) {
                    throw new ResponseParser.ProtocolException("bytes on an idle connection");
                }
                if (connection.parser.feed(readBuffer)) {
                    if (readBuffer.hasRemaining()) {
                        throw new ResponseParser.ProtocolException("bytes after the response");
                    }
                    answered(connection, connection.parser.closeAfter());
                    if (!connection.channel.isOpen()) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            dropped(connection, e);
        }
    }

    /** A whole response came: the connection takes the next request, or closes as asked. */
    private void answered(HttpConnection connection, boolean close) {
        PendingPut put = connection.request;
        connection.request = null;
        OriginPool pool = connection.pool;
        if (close) {
            connection.close();
            pool.open.remove(connection);
        } else {
            pool.idle.addFirst(connection);
        }
        put.status.complete(connection.parser.status());
        dispatch(pool);
    }

    /** The connection is gone: its request (if any) fails, and another connection is opened if needed. */
    private void dropped(HttpConnection connection, IOException error) {
        OriginPool pool = connection.pool;
        connection.close();
        if (!connection.connected) {
            pool.connecting--;
        }
        pool.open.remove(connection);
        pool.idle.remove(connection);
        PendingPut put = connection.request;
        connection.request = null;
        if (put != null) {
            put.status.completeExceptionally(error);
        }
        dispatch(pool);
    }

    /** Fails what waited too long: queued requests (oldest first) and those on a connection (which closes). */
    private void sweep(long now) {
        for (OriginPool pool : pools.values()) {
            while (!pool.queue.isEmpty() && pool.queue.peek().expired(now)) {
                pool.queue.poll().status.completeExceptionally(new HttpTimeoutException("request timed out"));
            }
            for (HttpConnection connection : new ArrayList<>(pool.open)) {
                PendingPut put = connection.request;
                if (put != null && put.expired(now)) {
                    // No pipelining: the late answer would be taken for the next request's, so the connection goes.
                    dropped(connection, new HttpTimeoutException("request timed out"));
                }
            }
            dispatch(pool);
        }
    }
}
