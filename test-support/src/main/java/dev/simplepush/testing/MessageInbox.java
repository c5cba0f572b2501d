package dev.simplepush.testing;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a test device receives, in order, whatever WebSocket library it runs on: whole text
 * messages, binary messages, and finally how the connection closed. The close stays at the head
 * of the queue, so every later receive fails fast instead of waiting out its timeout.
 */
public final class MessageInbox {
    private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    sealed interface Incoming {
    }

    record Text(String text) implements Incoming {
    }

    record Binary(int length) implements Incoming {
    }

    /** @param code the close code, or 1006 when the connection failed without a close frame */
    public record Closed(int code, String reason) implements Incoming {
    }

    /** A whole text message arrived (fragments already joined). */
    public void text(String text) {
        queue.add(new Text(text));
    }

    public void binary(int length) {
        queue.add(new Binary(length));
    }

    /** The connection ended; only the first call counts. */
    public void closedWith(int code, String reason) {
        Closed close = new Closed(code, reason);
        if (closed.complete(close)) {
            queue.add(close);
        }
    }

    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /** The next text message; an {@link AssertionError} naming what came instead, or nothing. */
    public String next(Duration timeout, URI from) {
        return textOf(take(timeout), timeout, from);
    }

    /**
     * The next text message, or null if the connection closed instead; for loops that talk until
     * the server closes.
     */
    public String nextOrNullIfClosed(Duration timeout, URI from) {
        Incoming incoming = take(timeout);
        return incoming instanceof Closed ? null : textOf(incoming, timeout, from);
    }

    private static String textOf(Incoming incoming, Duration timeout, URI from) {
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
    public void expectNothing(Duration duration, URI from) {
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
