package dev.simplepush.node.transport;

import io.undertow.websockets.core.WebSocketChannel;

/**
 * Whether one socket is in the middle of a frame or of a fragmented message, and since when, for
 * {@link StallWatch}'s read timeout. A socket idle between messages is not in progress: devices
 * stay silent for many minutes, and that is their right.
 *
 * <p>Written on the socket's IO thread only; read by the watch's thread.
 */
final class FrameProgress {
    private static final int FIN = 0x80;
    private static final int OPCODE = 0x0F;
    private static final int FIRST_CONTROL_OPCODE = 0x8;

    private final StallWatch watch;
    private final WebSocketChannel channel;
    /** Set while a data message has begun and not yet been delivered whole. */
    private boolean dataMessageOpen;
    private volatile long since;

    FrameProgress(StallWatch watch, WebSocketChannel channel) {
        this.watch = watch;
        this.channel = channel;
    }

    /** The first byte of a frame header arrived. */
    void frameStarted(byte first) {
        if ((first & OPCODE) < FIRST_CONTROL_OPCODE && (first & FIN) == 0) {
            dataMessageOpen = true;
        }
        if (since == 0) {
            since = System.nanoTime() | 1;
            watch.reading(channel, this);
        }
    }

    /** A whole data message was delivered. */
    void messageDone() {
        dataMessageOpen = false;
        done();
    }

    /** A whole control frame was delivered: done, unless it came between fragments of a message. */
    void controlFrameDone() {
        if (!dataMessageOpen) {
            done();
        }
    }

    /** When ({@link System#nanoTime()}) the frame began, or 0 if none is in progress. */
    long sinceNanos() {
        return since;
    }

    private void done() {
        if (since != 0) {
            since = 0;
            watch.notReading(channel);
        }
    }
}
