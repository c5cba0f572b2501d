package dev.simplepush.node.transport;

import dev.simplepush.node.connection.ClientError;
import dev.simplepush.node.connection.DeviceSocket;
import dev.simplepush.node.connection.NodeMetrics;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;

/**
 * A {@link DeviceSocket} over an Undertow WebSocket channel, with a bound on what may wait to be
 * written: a device that does not read gets at most {@code maxOutboundBytes} queued, and no frame
 * waits longer than the {@link StallWatch}'s write timeout; past either the socket is dropped, and
 * every write still queued reports failure, so a live delivery is answered as stored (202) and
 * stays pending for the device's next hello.
 */
final class UndertowDeviceSocket implements DeviceSocket {
    /** How long a peer may take to answer our close frame before the TCP connection is dropped. */
    static final long CLOSE_GRACE_SECONDS = 5;

    private final WebSocketChannel channel;
    private final long maxOutboundBytes;
    private final StallWatch watch;
    private final NodeMetrics metrics;
    /** Characters of frames queued and not yet written (a UTF-8 byte count would cost a pass per frame). */
    private long queuedChars;
    private int writes;
    /** Set once the bound was passed: the socket is being dropped, and nothing more is queued. */
    private volatile boolean overflowed;
    /** When the oldest write still queued began waiting, or 0 with none queued. */
    private volatile long oldestWriteNanos;

    UndertowDeviceSocket(WebSocketChannel channel, long maxOutboundBytes, StallWatch watch, NodeMetrics metrics) {
        this.channel = channel;
        this.maxOutboundBytes = maxOutboundBytes;
        this.watch = watch;
        this.metrics = metrics;
    }

    @Override
    public void send(String text, WriteCallback done) {
        long size = text.length();
        if (overflowed) {
            done.done(false);
            return;
        }
        if (!queue(size)) {
            overflowed = true;
            metrics.clientError(ClientError.OUTBOUND_FULL, channel.getSourceAddress());
            StallWatch.drop(channel);
            done.done(false);
            return;
        }
        WriteCallback once = once(done);
        try {
            WebSockets.sendText(text, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ignored, Void context) {
                    written(size);
                    once.done(true);
                }

                @Override
                public void onError(WebSocketChannel ignored, Void context, Throwable throwable) {
                    written(size);
                    once.done(false);
                }
            });
        } catch (RuntimeException e) {
            written(size);
            once.done(false);
        }
    }

    /** The connection hears of each write once, whichever way it failed. */
    private static WriteCallback once(WriteCallback done) {
        AtomicBoolean called = new AtomicBoolean();
        return written -> {
            if (called.compareAndSet(false, true)) {
                done.done(written);
            }
        };
    }

    /** False if the frame would not fit. Called by the connection's executor, one at a time. */
    private boolean queue(long size) {
        boolean first;
        synchronized (this) {
            if (queuedChars + size > maxOutboundBytes) {
                return false;
            }
            queuedChars += size;
            first = writes++ == 0;
            if (first) {
                oldestWriteNanos = System.nanoTime() | 1;
            }
        }
        if (first) {
            watch.writing(this);
        }
        return true;
    }

    /** One queued frame is done with (on the IO thread): the next one's wait starts now. */
    private synchronized void written(long size) {
        queuedChars -= size;
        oldestWriteNanos = --writes == 0 ? 0 : System.nanoTime() | 1;
    }

    /** When the oldest queued frame began waiting ({@link System#nanoTime()}), or 0 with none queued. */
    long oldestWriteNanos() {
        return oldestWriteNanos;
    }

    WebSocketChannel channel() {
        return channel;
    }

    @Override
    public void close(int code, String reason) {
        if (!channel.isOpen()) {
            return;
        }
        if (channel.isCloseFrameSent()) {
            dropLater(channel);
            return;
        }
        try {
            WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel closing, Void context) {
                    dropLater(closing);
                }

                @Override
                public void onError(WebSocketChannel closing, Void context, Throwable throwable) {
                    IoUtils.safeClose(closing);
                }
            });
        } catch (RuntimeException e) {
            IoUtils.safeClose(channel);
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen() && !channel.isCloseFrameReceived() && !channel.isCloseFrameSent();
    }

    /** Undertow closes the channel when the peer answers our close frame; this covers a peer that never does. */
    static void dropLater(WebSocketChannel channel) {
        try {
            channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its IO thread takes no more tasks: drop the socket now.
            IoUtils.safeClose(channel);
        }
    }
}
