package dev.simplepush.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One persistent connection of an {@link OriginPool}: at most one request on it at a time (no
 * pipelining), so a response always belongs to {@link #request}. Touched only by the selector
 * thread.
 */
final class HttpConnection {
    final OriginPool pool;
    final SocketChannel channel;
    final ResponseParser parser = new ResponseParser();
    SelectionKey key;
    boolean connected;
    /** The request on this connection, null while it is connecting or idle. */
    PendingPut request;

    HttpConnection(OriginPool pool, SocketChannel channel) {
        this.pool = pool;
        this.channel = channel;
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that is gone anyway: nothing to recover.
        }
    }
}
