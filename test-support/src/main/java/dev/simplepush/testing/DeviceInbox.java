package dev.simplepush.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link DeviceClient} receives, in order: whole text messages (fragments joined), binary
 * messages, and finally how the connection closed. The close stays at the head of the queue, so
 * every later receive fails fast instead of waiting out its timeout.
 */
final class DeviceInbox implements WebSocket.Listener {
    private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final StringBuilder partialText = new StringBuilder();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    sealed interface Incoming {
    }

    record Text(String text) implements Incoming {
    }

    record Binary(int length) implements Incoming {
    }

    /** @param code the close code, or 1006 when the connection failed without a close frame */
    record Closed(int code, String reason) implements Incoming {
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            queue.add(new Text(partialText.toString()));
            partialText.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        if (last) {
            queue.add(new Binary(data.remaining()));
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        finish(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        finish(new Closed(DeviceClient.ABNORMAL_CLOSURE, String.valueOf(error)));
    }

    private void finish(Closed close) {
        if (closed.complete(close)) {
            queue.add(close);
        }
    }

    /** The next text message; an {@link AssertionError} naming what came instead, or nothing. */
    String next(Duration timeout, URI from) {
        Incoming incoming = take(timeout);
        if (incoming == null) {
            throw new AssertionError("no message from " + from + " within " + timeout.toMillis() + " ms");
        }
        if (incoming instanceof Text text) {
            return text.text();
        }
        if (incoming instanceof Closed close) {
            throw new AssertionError("connection to " + from + " closed with code " + close.code()
                    + (close.reason().isEmpty() ? "" : " (" + close.reason() + ")") + " before a message arrived");
        }
        throw new AssertionError("expected a text message from " + from + " but got a binary one of "
                + ((Binary) incoming).length() + " bytes");
    }

    /** Fails if a message arrives within {@code duration}; a close is not a message. */
    void expectNothing(Duration duration, URI from) {
        Incoming incoming = take(duration);
        if (incoming == null || incoming instanceof Closed) {
            return;
        }
        String what = incoming instanceof Text text ? text.text() : incoming.toString();
        throw new AssertionError("expected no message from " + from + " for " + duration.toMillis()
                + " ms but got: " + what);
    }

    private Incoming take(Duration timeout) {
        try {
            Incoming incoming = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (incoming instanceof Closed) {
                // Nothing follows a close: put it back so later calls see it at once.
                queue.add(incoming);
            }
            return incoming;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }
}
