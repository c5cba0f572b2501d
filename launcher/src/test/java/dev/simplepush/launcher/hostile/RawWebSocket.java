package dev.simplepush.launcher.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written by hand over a plain {@link Socket}, for what no library sends:
 * frame headers that break RFC 6455, request heads never finished, a device that never reads.
 */
final class RawWebSocket implements AutoCloseable {
    static final String UPGRADE = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TCP connection, nothing sent yet; a receive buffer of {@code receiveBuffer} bytes (0: the system's). */
    static RawWebSocket open(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(15_000);
        return new RawWebSocket(socket);
    }

    /** Upgraded to a WebSocket. */
    static RawWebSocket upgraded(int port) throws IOException {
        return upgraded(port, 0);
    }

    static RawWebSocket upgraded(int port, int receiveBuffer) throws IOException {
        RawWebSocket raw = open(port, receiveBuffer);
        raw.write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            raw.close();
            throw new IOException("not upgraded: " + head.lines().findFirst().orElse("(nothing)"));
        }
        return raw;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendText(String text) throws IOException {
        write(frame(0x81, text.getBytes(StandardCharsets.UTF_8), true));
    }

    /** One frame; {@code first} is FIN, RSV and opcode. */
    static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(first);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            bytes.write(mask | payload.length);
        } else {
            bytes.write(mask | 126);
            bytes.write(payload.length >> 8);
            bytes.write(payload.length);
        }
        byte[] key = {7, 1, 3, 9};
        if (masked) {
            bytes.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            bytes.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return bytes.toByteArray();
    }

    String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The payload of the next text frame, or null if the connection ended first. */
    String readText() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            byte[] payload = readPayload();
            if ((first & 0x0F) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /** The code of the server's close frame; 1006 if the connection ended without one. */
    int awaitCloseCode() throws IOException {
        while (true) {
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return 1006;
            }
            if (first < 0) {
                return 1006;
            }
            byte[] payload = readPayload();
            if ((first & 0x0F) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
    }

    /** True once the server has ended the connection; false if it is still open after the socket timeout. */
    boolean awaitEnd() throws IOException {
        try {
            while (in.read() >= 0) {
                // what the server still sent
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    void timeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private byte[] readPayload() throws IOException {
        long length = in.read() & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        return in.readNBytes((int) length);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
