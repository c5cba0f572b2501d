package dev.simplepush.launcher.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * HTTP/1.1 on a plain socket, as a naive client writes it: the whole request, then the answer.
 * Real client libraries refuse to send most of what the attacks here need.
 */
final class RawClient {
    private RawClient() {
    }

    /** A status and body, or status 0 with what went wrong instead. */
    record Answer(int status, String body, String failure) {
        @Override
        public String toString() {
            return failure != null ? "failed: " + failure : status + " " + body;
        }
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@code size} bytes of filler. */
    static Body filler(long size) {
        return out -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        };
    }

    /** {@code size} bytes of filler in 64 KiB chunks of the chunked transfer coding. */
    static Body chunked(long size) {
        return out -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (long left = size; left > 0; left -= chunk.length) {
                int n = (int) Math.min(chunk.length, left);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** The head of a PUT to {@code endpoint}'s path with extra header lines, ending in the blank line. */
    static String putHead(String endpoint, String... headers) {
        StringBuilder head = new StringBuilder("PUT " + URI.create(endpoint).getRawPath() + " HTTP/1.1\r\nHost: push\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    static Answer send(int port, String head, Body body) {
        try (Socket socket = connect(port)) {
            socket.setSoTimeout(20_000);
            String writeFailure = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                body.writeTo(out);
                out.flush();
            } catch (IOException e) {
                writeFailure = "writing: " + e;
            }
            return read(socket.getInputStream(), writeFailure);
        } catch (IOException e) {
            return new Answer(0, "", e.toString());
        }
    }

    private static Answer read(InputStream in, String writeFailure) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (!text.endsWith("\r\n\r\n")) {
                return new Answer(0, "", writeFailure != null ? writeFailure : "closed before an answer");
            }
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.split(" ", 3)[1]), body, null);
        } catch (IOException e) {
            return new Answer(0, "", (writeFailure != null ? writeFailure + "; " : "") + "reading: " + e);
        }
    }

    /** True once the server has closed {@code socket}: a read ends or fails at once. */
    static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
