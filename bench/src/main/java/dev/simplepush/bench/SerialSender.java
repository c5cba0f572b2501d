package dev.simplepush.bench;

import java.net.http.WebSocket;
import java.util.ArrayDeque;

/**
 * Sends one socket's text frames one at a time, in order. The JDK's WebSocket fails a send made
 * while the previous one is still being written ({@code IllegalStateException: Send pending}),
 * and nobody looks at that future: in a burst of Web Push messages (a window of 100 after a
 * hello) acks would be lost silently and the server's window would never move on.
 */
final class SerialSender {
    private final WebSocket socket;
    // Guarded by this.
    private final ArrayDeque<CharSequence> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean failed;

    SerialSender(WebSocket socket) {
        this.socket = socket;
    }

    /** Sends {@code text} as one frame once those before it are written; nothing once a send failed. */
    void send(CharSequence text) {
        synchronized (this) {
            if (failed) {
                return;
            }
            if (busy) {
                queue.add(text);
                return;
            }
            busy = true;
        }
        transmit(text);
    }

    /** Frames waiting for the one being written. */
    synchronized int queued() {
        return queue.size();
    }

    private void transmit(CharSequence text) {
        CharSequence next = text;
        while (next != null) {
            java.util.concurrent.CompletableFuture<WebSocket> sent;
            try {
                sent = socket.sendText(next, true);
            } catch (RuntimeException e) {
                sent = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            if (!sent.isDone()) {
                sent.whenComplete((ws, error) -> {
                    CharSequence after = afterSend(error);
                    if (after != null) {
                        transmit(after);
                    }
                });
                return;
            }
            // Written already: loop rather than recurse through whenComplete.
            Throwable error = sent.isCompletedExceptionally() ? new IllegalStateException("send failed") : null;
            next = afterSend(error);
        }
    }

    /** The next frame to write, or null when there is none (or the socket failed: the rest is dropped). */
    private synchronized CharSequence afterSend(Throwable error) {
        if (error != null) {
            // The socket is gone; what it did not ack the server sends again after the next hello.
            failed = true;
            queue.clear();
        }
        CharSequence next = queue.poll();
        busy = next != null;
        return next;
    }
}
