package dev.simplepush.launcher.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The flood of {@link SocketFloodIT}, run as a JVM of its own so that the sockets' client ends do
 * not count against the test's own open-file limit: opens {@code count} connections to
 * {@code port} within a few seconds (non-blocking, so those left in the server's backlog do not
 * hold the rest up; in batches, so the flood's own CPU does not pose as the server's latency), sends the first line of a request head on each that connects, holds them all for
 * {@code holdMillis}, prints how many connected, and closes everything.
 *
 * <p>Usage: {@code SocketFlood <port> <count> <holdMillis>}
 */
public final class SocketFlood {
    private static final int BATCH = 500;
    private static final long BATCH_PAUSE_MILLIS = 100;
    private SocketFlood() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long holdMillis = Long.parseLong(args[2]);
        byte[] partialHead = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> channels = new ArrayList<>(count);
        int connected = 0;
        int failed = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                if (i > 0 && i % BATCH == 0) {
                    Thread.sleep(BATCH_PAUSE_MILLIS);
                }
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channels.add(channel);
                    if (channel.connect(new InetSocketAddress("127.0.0.1", port))) {
                        connected += started(channel, partialHead);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                    }
                } catch (IOException e) {
                    failed++;
                }
            }
            System.out.println("flood: opened " + channels.size());
            long deadline = System.currentTimeMillis() + holdMillis;
            while (System.currentTimeMillis() < deadline) {
                selector.select(Math.max(1, deadline - System.currentTimeMillis()));
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    key.cancel();
                    try {
                        if (channel.finishConnect()) {
                            connected += started(channel, partialHead);
                        }
                    } catch (IOException e) {
                        failed++;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        System.out.println("flood: connected " + connected + ", failed " + failed + ", of " + count);
        for (SocketChannel channel : channels) {
            channel.close();
        }
        System.out.println("flood: done");
    }

    private static int started(SocketChannel channel, byte[] partialHead) {
        try {
            channel.write(ByteBuffer.wrap(partialHead));
        } catch (IOException e) {
            // closed by the server already: it still counted as connected
        }
        return 1;
    }
}
