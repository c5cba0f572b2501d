package dev.simplepush.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One request of the {@link LeanHttpClient}: its bytes (built by the caller, off the selector
 * thread), its pool, when it gives up, and the future its status completes.
 */
final class PendingPut {
    final OriginPool pool;
    final ByteBuffer bytes;
    final long deadlineNanos;
    final CompletableFuture<Integer> status = new CompletableFuture<>();

    PendingPut(OriginPool pool, byte[] bytes, long deadlineNanos) {
        this.pool = pool;
        this.bytes = ByteBuffer.wrap(bytes);
        this.deadlineNanos = deadlineNanos;
    }

    boolean expired(long now) {
        return now - deadlineNanos >= 0;
    }
}
