package dev.simplepush.bench;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time off a connection, keeping only what the bench needs: the
 * status and whether the connection may carry the next request. Bodies (Content-Length, chunked, or
 * up to the close) are skipped, never buffered; 1xx interim responses are skipped whole.
 */
final class ResponseParser {
    /** Longest status, header or chunk-size line accepted: the answers are small, anything else is wrong. */
    private static final int MAX_LINE = 8192;

    private enum State { STATUS, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private final StringBuilder line = new StringBuilder();
    private State state = State.STATUS;
    private int status;
    private boolean http10;
    private boolean closeHeader;
    private boolean keepAliveHeader;
    private boolean chunked;
    private boolean bodyUntilClose;
    private long contentLength;
    private long remaining;

    /** Gets ready for the next response on the same connection. */
    void reset() {
        line.setLength(0);
        state = State.STATUS;
        status = 0;
        http10 = false;
        closeHeader = false;
        keepAliveHeader = false;
        chunked = false;
        bodyUntilClose = false;
        contentLength = -1;
        remaining = 0;
    }

    ResponseParser() {
        reset();
    }

    /** The status of the response read (valid once {@link #feed} returned true). */
    int status() {
        return status;
    }

    /** True when the connection must not carry another request after this response. */
    boolean closeAfter() {
        return closeHeader || (http10 && !keepAliveHeader) || bodyUntilClose;
    }

    /** True while nothing of a response has been read (a close now loses no answer that began). */
    boolean idle() {
        return state == State.STATUS && line.length() == 0;
    }

    /**
     * Consumes bytes of the response.
     *
     * @return true when a whole response has been read; bytes after it stay in {@code in}
     * @throws ProtocolException when the bytes are not an HTTP/1.x response
     */
    boolean feed(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (readLine(in)) {
                        onLine(line.toString());
                        line.setLength(0);
                        if (state == State.DONE) {
                            return true;
                        }
                    }
                }
                case FIXED, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + skip);
                    remaining -= skip;
                    if (remaining == 0) {
                        if (state == State.FIXED) {
                            state = State.DONE;
                            return true;
                        }
                        state = State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> in.position(in.limit());
                case DONE -> {
                    return true;
                }
            }
        }
        return state == State.DONE;
    }

    /**
     * The peer closed the connection.
     *
     * @return true when that ends the response (a body delimited by the close), false when the
     *         response was cut short
     */
    boolean endOfStream() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return state == State.DONE;
    }

    private boolean readLine(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return true;
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            line.append(c);
        }
        return false;
    }

    private void onLine(String text) throws ProtocolException {
        switch (state) {
            case STATUS -> statusLine(text);
            case HEADERS -> {
                if (text.isEmpty()) {
                    headersDone();
                } else {
                    header(text);
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = text.indexOf(';');
                String hex = (semicolon < 0 ? text : text.substring(0, semicolon)).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size '" + hex + "'");
                }
                if (size < 0) {
                    throw new ProtocolException("bad chunk size '" + hex + "'");
                }
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new ProtocolException("chunk not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void statusLine(String text) throws ProtocolException {
        // "HTTP/1.1 200 OK": the reason phrase may be empty or missing.
        if (!text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
            throw new ProtocolException("bad status line '" + text + "'");
        }
        http10 = text.charAt(7) == '0';
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status line '" + text + "'");
        }
        state = State.HEADERS;
    }

    private void header(String text) throws ProtocolException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolException("bad header line '" + text + "'");
        }
        String name = text.substring(0, colon).trim();
        String value = text.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
            try {
                contentLength = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length '" + value + "'");
            }
            if (contentLength < 0) {
                throw new ProtocolException("bad Content-Length '" + value + "'");
            }
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
            chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
            for (String token : value.split(",")) {
                String t = token.trim();
                closeHeader |= t.equalsIgnoreCase("close");
                keepAliveHeader |= t.equalsIgnoreCase("keep-alive");
            }
        }
    }

    private void headersDone() throws ProtocolException {
        if (status >= 100 && status < 200) {
            if (status == 101) {
                throw new ProtocolException("unexpected 101 Switching Protocols");
            }
            // An interim answer (100 Continue, 103 Early Hints): the real one follows.
            boolean close = closeHeader;
            reset();
            closeHeader = close;
            return;
        }
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED;
        } else {
            bodyUntilClose = true;
            state = State.UNTIL_CLOSE;
        }
    }

    /** The bytes on the connection are not an HTTP/1.x response. */
    static final class ProtocolException extends java.io.IOException {
        ProtocolException(String message) {
            super(message);
        }
    }
}
