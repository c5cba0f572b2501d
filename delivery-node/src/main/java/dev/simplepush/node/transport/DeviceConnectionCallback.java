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
    private final TransportLimits limits;
    private final StallWatch watch;

    DeviceConnectionCallback(ConnectionContext context, long maxMessageBytes, TransportLimits limits,
            StallWatch watch) {
        this.context = context;
        this.maxMessageBytes = maxMessageBytes;
        this.limits = limits;
        this.watch = watch;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Connection connection = context.open(new UndertowDeviceSocket(channel, limits.maxOutboundBytes(), watch,
                context.metrics()));
        channel.getCloseSetter().set(closed -> connection.transportClosed());
        channel.getReceiveSetter().set(new DeviceReceiveListener(connection, maxMessageBytes, context.metrics()));
        channel.resumeReceives();
    }
}
