package dev.simplepush.node.transport;

import dev.simplepush.node.connection.ClientError;
import dev.simplepush.node.connection.Connection;
import dev.simplepush.node.connection.NodeMetrics;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameCorruptedException;
import java.io.IOException;
import org.xnio.IoUtils;

/**
 * Reads whole messages from one device's channel (fragments reassembled) on its IO thread and
 * hands them to the connection. A text message above the limit makes Undertow send close 1009 and
 * report an error here (spec §1.5). Each whole message or control frame ends the socket's
 * {@link FrameProgress}, so only a frame left half sent runs into the read timeout.
 */
final class DeviceReceiveListener extends AbstractReceiveListener {
    private final Connection connection;
    private final long maxMessageBytes;
    private final NodeMetrics metrics;

    DeviceReceiveListener(Connection connection, long maxMessageBytes, NodeMetrics metrics) {
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
    }

    /** A header Undertow or {@link FrameGuard} rejected, which Undertow answered with close 1002. */
    private static boolean isFrameViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketFrameCorruptedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected long getMaxTextBufferSize() {
        return maxMessageBytes;
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return maxMessageBytes;
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        messageDone(channel);
        connection.receiveText(message.getData());
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        messageDone(channel);
        message.getData().free();
        connection.receiveBinary();
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
        controlFrameDone(channel);
        super.onFullPingMessage(channel, message);
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
        controlFrameDone(channel);
        super.onFullPongMessage(channel, message);
    }

    private static void messageDone(WebSocketChannel channel) {
        if (channel instanceof GuardedChannels.Guarded guarded) {
            guarded.progress().messageDone();
        }
    }

    private static void controlFrameDone(WebSocketChannel channel) {
        if (channel instanceof GuardedChannels.Guarded guarded) {
            guarded.progress().controlFrameDone();
        }
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        connection.transportClosed();
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (isFrameViolation(error)) {
            metrics.clientError(ClientError.FRAME, channel.getSourceAddress());
        }
        connection.transportClosed();
        if (channel.isCloseFrameSent()) {
            // e.g. the 1009 close for an oversized message: let it reach the peer, read nothing more.
            channel.suspendReceives();
            UndertowDeviceSocket.dropLater(channel);
        } else {
            IoUtils.safeClose(channel);
        }
    }
}
