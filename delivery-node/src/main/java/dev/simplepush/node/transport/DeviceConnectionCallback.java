package dev.simplepush.node.transport;

import dev.simplepush.node.connection.Connection;
import dev.simplepush.node.connection.ConnectionContext;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;

/** Gives every upgraded socket a {@link Connection} and starts reading from it. */
final class DeviceConnectionCallback implements WebSocketConnectionCallback {
    private final ConnectionContext context;
    private final long maxMessageBytes;

    DeviceConnectionCallback(ConnectionContext context, long maxMessageBytes) {
        this.context = context;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Connection connection = context.open(new UndertowDeviceSocket(channel));
        channel.getCloseSetter().set(closed -> connection.transportClosed());
        channel.getReceiveSetter().set(new DeviceReceiveListener(connection, maxMessageBytes));
        channel.resumeReceives();
    }
}
