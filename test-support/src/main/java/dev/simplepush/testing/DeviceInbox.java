package dev.simplepush.testing;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The JDK WebSocket listener of a {@link DeviceClient}: joins text fragments and feeds whole
 * messages and the close into a {@link MessageInbox}.
 */
final class DeviceInbox implements WebSocket.Listener {
    private final MessageInbox inbox;
    private final StringBuilder partialText = new StringBuilder();

    DeviceInbox(MessageInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            inbox.text(partialText.toString());
            partialText.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        if (last) {
            inbox.binary(data.remaining());
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        inbox.closedWith(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        inbox.closedWith(DeviceClient.ABNORMAL_CLOSURE, String.valueOf(error));
    }
}
