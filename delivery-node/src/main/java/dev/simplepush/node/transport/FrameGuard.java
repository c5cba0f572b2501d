package dev.simplepush.node.transport;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.protocol.framed.AbstractFramedStreamSourceChannel;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketException;
import io.undertow.websockets.core.WebSocketFrame;
import io.undertow.websockets.core.WebSocketFrameCorruptedException;
import java.nio.ByteBuffer;

/**
 * Undertow's frame header parser, with the one check of RFC 6455 §5.2 it lacks: the most
 * significant bit of a 64-bit payload length MUST be 0. Undertow (2.3.27) reads the length as a
 * signed long, so such a frame gets a negative length, no close and a socket that stays open with
 * nothing more ever read (docs/reliability.md, "Hostile clients"). The exception thrown here is
 * the one Undertow's own checks throw, so the socket gets the same answer as for a reserved bit or
 * an unmasked frame: close 1002, and nothing more is read.
 *
 * <p>It also tells the socket's {@link FrameProgress} that a frame has begun, which starts the
 * read timeout for a frame left half sent.
 */
final class FrameGuard implements WebSocketFrame {
    /** FIN/RSV/opcode, then MASK and the 7-bit length, then the first byte of an extended length. */
    private static final int BYTES_CHECKED = 3;

    private final WebSocketChannel.PartialFrame delegate;
    private final FrameProgress progress;
    private final byte[] header = new byte[BYTES_CHECKED];
    private int seen;

    FrameGuard(WebSocketChannel.PartialFrame delegate, FrameProgress progress) {
        this.delegate = delegate;
        this.progress = progress;
    }

    /** The header Undertow's parser made, for the rest of Undertow, which casts to its own class. */
    static FrameHeaderData unwrap(FrameHeaderData header) {
        return header instanceof FrameGuard guard ? guard.delegate : header;
    }

    @Override
    public void handle(ByteBuffer data) throws WebSocketException {
        if (!data.hasRemaining()) {
            return;
        }
        if (seen == 0) {
            progress.frameStarted(data.get(data.position()));
        }
        // Peeked before the delegate consumes them; the delegate stops at the end of the header, so
        // only bytes of this frame's header are judged.
        for (int i = data.position(); seen < BYTES_CHECKED && i < data.limit(); i++) {
            header[seen++] = data.get(i);
        }
        if (seen == BYTES_CHECKED && (header[1] & 0x7F) == 127 && (header[2] & 0x80) != 0) {
            throw new WebSocketFrameCorruptedException("the most significant bit of a 64-bit payload length must be 0");
        }
        delegate.handle(data);
    }

    @Override
    public boolean isDone() {
        return delegate.isDone();
    }

    @Override
    public StreamSourceFrameChannel getChannel(PooledByteBuffer data) {
        return delegate.getChannel(data);
    }

    @Override
    public long getFrameLength() {
        return delegate.getFrameLength();
    }

    @Override
    public AbstractFramedStreamSourceChannel<?, ?, ?> getExistingChannel() {
        return delegate.getExistingChannel();
    }

    @Override
    public boolean isFinalFragment() {
        return !(delegate instanceof WebSocketFrame frame) || frame.isFinalFragment();
    }
}
