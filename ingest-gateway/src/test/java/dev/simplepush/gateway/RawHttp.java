package dev.simplepush.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A deliberately naive HTTP/1.1 client on a plain socket, for requests a real client library
 * would refuse to send: it writes the whole request (head and body) before reading a byte of the
 * answer, which is what a simple app server does and what a server that closes early breaks.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** What came back: a status and body, or the way the connection failed. */
    record Answer(int status, String head, String body, String failure) {
        boolean failed() {
            return failure != null;
        }

        Optional<String> header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return failed() ? "failed: " + failure : status + " " + body;
        }
    }

    /** A body of {@code size} bytes, made as it is written so tests never hold it in memory. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;

        static Body none() {
            return out -> { };
        }

        static Body bytes(byte[] bytes) {
            return out -> out.write(bytes);
        }

        static Body filler(long size) {
            return out -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (long left = size; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            };
        }

        /** {@code size} bytes in chunked transfer coding, 64 KiB a chunk. */
        static Body chunked(long size) {
            return out -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (long left = size; left > 0; left -= chunk.length) {
                    int n = (int) Math.min(chunk.length, left);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            };
        }
    }

    /** Sends {@code head} (lines ending in CRLF, without the blank line) and the body, then reads the answer. */
    static Answer send(int port, String head, Body body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                body.writeTo(out);
                out.flush();
            } catch (IOException e) {
                return read(socket.getInputStream(), "writing: " + e);
            }
            return read(socket.getInputStream(), null);
        } catch (IOException e) {
            return new Answer(0, "", "", e.toString());
        }
    }

    /** Reads one answer; a failure while writing is kept if nothing readable came back. */
    static Answer read(InputStream in, String writeFailure) {
        try {
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return new Answer(0, headBytes.toString(StandardCharsets.ISO_8859_1), "",
                            writeFailure != null ? writeFailure : "closed before an answer");
                }
                headBytes.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String head = headBytes.toString(StandardCharsets.ISO_8859_1);
            String[] statusLine = head.split(" ", 3);
            int status = Integer.parseInt(statusLine[1]);
            Answer partial = new Answer(status, head, "", null);
            int length = partial.header("Content-Length").map(Integer::parseInt).orElse(0);
            byte[] body = in.readNBytes(length);
            return new Answer(status, head, new String(body, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Answer(0, "", "", (writeFailure != null ? writeFailure + "; " : "") + "reading: " + e);
        }
    }

    static String put(String path, String... headers) {
        StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.toString();
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
