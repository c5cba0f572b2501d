package dev.simplepush.node.transport;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version07.WebSocket07Channel;
import io.undertow.websockets.core.protocol.version08.WebSocket08Channel;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.ExtensionFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Undertow's WebSocket channels of each protocol version, with every frame header read through a
 * {@link FrameGuard}. The parser is Undertow's; the guard only wraps it while the header is read,
 * and the header Undertow made is what the rest of Undertow gets (its masker casts to it).
 */
final class GuardedChannels {
    private GuardedChannels() {
    }

    /** A channel whose frames are guarded, and whose frame in progress is known. */
    interface Guarded {
        FrameProgress progress();
    }

    /** What each constructor needs, as Undertow's handshakes pass it. */
    record Args(StreamConnection connection, ByteBufferPool pool, String url, String subprotocol,
            boolean allowExtensions, ExtensionFunction extensions, Set<WebSocketChannel> peers, OptionMap options,
            StallWatch watch) {
    }

    static final class V13 extends WebSocket13Channel implements Guarded {
        private final FrameProgress progress;

        V13(Args args) {
            super(args.connection(), args.pool(), args.url(), args.subprotocol(), false, args.allowExtensions(),
                    args.extensions(), args.peers(), args.options());
            progress = new FrameProgress(args.watch(), this);
        }

        @Override
        protected PartialFrame receiveFrame() {
            return new FrameGuard(super.receiveFrame(), progress);
        }

        @Override
        protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
            return FrameGuard.unwrap(super.parseFrame(data));
        }

        @Override
        public FrameProgress progress() {
            return progress;
        }
    }

    static final class V08 extends WebSocket08Channel implements Guarded {
        private final FrameProgress progress;

        V08(Args args) {
            super(args.connection(), args.pool(), args.url(), args.subprotocol(), false, args.allowExtensions(),
                    args.extensions(), args.peers(), args.options());
            progress = new FrameProgress(args.watch(), this);
        }

        @Override
        protected PartialFrame receiveFrame() {
            return new FrameGuard(super.receiveFrame(), progress);
        }

        @Override
        protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
            return FrameGuard.unwrap(super.parseFrame(data));
        }

        @Override
        public FrameProgress progress() {
            return progress;
        }
    }

    static final class V07 extends WebSocket07Channel implements Guarded {
        private final FrameProgress progress;

        V07(Args args) {
            super(args.connection(), args.pool(), args.url(), args.subprotocol(), false, args.allowExtensions(),
                    args.extensions(), args.peers(), args.options());
            progress = new FrameProgress(args.watch(), this);
        }

        @Override
        protected PartialFrame receiveFrame() {
            return new FrameGuard(super.receiveFrame(), progress);
        }

        @Override
        protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
            return FrameGuard.unwrap(super.parseFrame(data));
        }

        @Override
        public FrameProgress progress() {
            return progress;
        }
    }
}
