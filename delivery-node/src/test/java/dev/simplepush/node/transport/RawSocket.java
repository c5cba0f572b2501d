package dev.simplepush.node.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A hand-written WebSocket client over a plain {@link Socket}, for what no well-behaved library
 * sends: frame headers that break RFC 6455, frames cut short, request heads never finished.
 */
final class RawSocket implements AutoCloseable {
    /** A frame read back from the server. */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TCP connection with nothing sent yet. */
    static RawSocket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return new RawSocket(socket);
    }

    /** A completed WebSocket handshake. */
    static RawSocket upgraded(int port) throws IOException {
        return upgraded(port, 0);
    }

    /** A completed WebSocket handshake, with a receive buffer of this size (0: the system's). */
    static RawSocket upgraded(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        RawSocket raw = new RawSocket(socket);
        raw.write(upgradeRequest().getBytes(StandardCharsets.US_ASCII));
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("no upgrade: " + head);
        }
        return raw;
    }

    static String upgradeRequest() {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked text frame, as a client must send it. */
    void sendText(String text) throws IOException {
        write(frame(0x81, text.getBytes(StandardCharsets.UTF_8), true));
    }

    /** One frame: {@code first} is FIN, RSV and opcode; the length takes the shortest form. */
    static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(first);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            bytes.write(mask | payload.length);
        } else if (payload.length < 65_536) {
            bytes.write(mask | 126);
            bytes.write(payload.length >> 8);
            bytes.write(payload.length);
        } else {
            bytes.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) {
            bytes.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            bytes.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return bytes.toByteArray();
    }

    /** The HTTP response head, up to the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The next frame from the server, or null if the connection ended first. */
    Frame readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.read();
        long length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        return new Frame(first & 0x0F, payload);
    }

    /** Reads frames until a close frame; null if the connection ended without one. */
    Frame awaitClose() throws IOException {
        Frame frame;
        while ((frame = readFrame()) != null) {
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
        return null;
    }

    /** True once the server has closed the TCP connection (reads end), within the socket timeout. */
    boolean awaitEnd() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever the server still sent
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    void setTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
