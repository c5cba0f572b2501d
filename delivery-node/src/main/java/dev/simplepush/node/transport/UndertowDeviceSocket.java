package dev.simplepush.node.transport;

import dev.simplepush.node.connection.DeviceSocket;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/** A {@link DeviceSocket} over an Undertow WebSocket channel. */
final class UndertowDeviceSocket implements DeviceSocket {
    /** How long a peer may take to answer our close frame before the TCP connection is dropped. */
    static final long CLOSE_GRACE_SECONDS = 5;

    private final WebSocketChannel channel;

    UndertowDeviceSocket(WebSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(String text, WriteCallback done) {
        try {
            WebSockets.sendText(text, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ignored, Void context) {
                    done.done(true);
                }

                @Override
                public void onError(WebSocketChannel ignored, Void context, Throwable throwable) {
                    done.done(false);
                }
            });
        } catch (RuntimeException e) {
            done.done(false);
        }
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
