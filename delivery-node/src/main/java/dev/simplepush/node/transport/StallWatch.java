package dev.simplepush.node.transport;

import dev.simplepush.node.connection.ClientError;
import dev.simplepush.node.connection.NodeMetrics;
import io.undertow.websockets.core.WebSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * The read and write timeouts of open WebSockets: drops a socket whose frame has stayed half
 * received for the read timeout, or whose oldest queued frame has waited the write timeout for a
 * device that does not read. Only sockets in the middle of something are watched, so the cost is
 * one map entry per busy socket and one sweep every fraction of the shortest timeout, whatever
 * the number of idle devices.
 */
final class StallWatch implements AutoCloseable {
    private static final long MIN_SWEEP_MILLIS = 20;
    private static final long MAX_SWEEP_MILLIS = 1_000;

    private final long readTimeoutNanos;
    private final long writeTimeoutNanos;
    private final NodeMetrics metrics;
    private final Map<WebSocketChannel, FrameProgress> reading = new ConcurrentHashMap<>();
    private final Set<UndertowDeviceSocket> writing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    StallWatch(Duration readTimeout, Duration writeTimeout, NodeMetrics metrics) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.metrics = metrics;
        long shortest = Math.min(readTimeoutNanos == 0 ? Long.MAX_VALUE : readTimeoutNanos,
                writeTimeoutNanos == 0 ? Long.MAX_VALUE : writeTimeoutNanos);
        if (shortest == Long.MAX_VALUE) {
            sweeper = null;
            return;
        }
        long every = Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, TimeUnit.NANOSECONDS.toMillis(shortest) / 4));
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-stall-watch");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void reading(WebSocketChannel channel, FrameProgress progress) {
        if (readTimeoutNanos > 0) {
            reading.put(channel, progress);
        }
    }

    void notReading(WebSocketChannel channel) {
        reading.remove(channel);
    }

    /** The socket has frames queued; it stays watched until a sweep finds its queue empty. */
    void writing(UndertowDeviceSocket socket) {
        if (writeTimeoutNanos > 0) {
            writing.add(socket);
        }
    }

    /** Sockets watched now, for tests. */
    int watched() {
        return reading.size() + writing.size();
    }

    void sweep() {
        long now = System.nanoTime();
        reading.forEach((channel, progress) -> {
            long since = progress.sinceNanos();
            if (!channel.isOpen() || since == 0) {
                reading.remove(channel, progress);
            } else if (now - since > readTimeoutNanos) {
                reading.remove(channel, progress);
                metrics.clientError(ClientError.READ_TIMEOUT, channel.getSourceAddress());
                drop(channel);
            }
        });
        for (UndertowDeviceSocket socket : writing) {
            long since = socket.oldestWriteNanos();
            if (!socket.channel().isOpen() || since == 0) {
                writing.remove(socket);
                if (socket.oldestWriteNanos() != 0 && socket.channel().isOpen()) {
                    writing.add(socket); // a write began between the check and the removal
                }
            } else if (now - since > writeTimeoutNanos) {
                writing.remove(socket);
                metrics.clientError(ClientError.WRITE_TIMEOUT, socket.channel().getSourceAddress());
                drop(socket.channel());
            }
        }
    }

    /** Without a close frame: the peer is stalled, and a close frame would only queue behind the rest. */
    static void drop(WebSocketChannel channel) {
        try {
            channel.getIoThread().execute(() -> IoUtils.safeClose(channel));
        } catch (RejectedExecutionException e) {
            IoUtils.safeClose(channel);
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
