package dev.simplepush.node.transport;

import dev.simplepush.node.connection.Connection;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.IoUtils;

/**
 * Reads whole messages from one device's channel (fragments reassembled) on its IO thread and
 * hands them to the connection. A text message above the limit makes Undertow send close 1009 and
 * report an error here (spec §1.5).
 */
final class DeviceReceiveListener extends AbstractReceiveListener {
    private final Connection connection;
    private final long maxMessageBytes;

    DeviceReceiveListener(Connection connection, long maxMessageBytes) {
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
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
        connection.receiveText(message.getData());
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        message.getData().free();
        connection.receiveBinary();
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        connection.transportClosed();
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
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
