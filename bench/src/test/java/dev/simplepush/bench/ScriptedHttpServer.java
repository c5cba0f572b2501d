package dev.simplepush.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server for client tests: it reads each request whole (headers and
 * Content-Length body) and lets the test's handler answer as it likes, badly included (no answer,
 * a dropped socket, chunks, a close). Thread per connection; ephemeral port.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** Answers one request; {@code number} counts requests over all connections, from 1. */
    interface Handler {
        void handle(int number, Request request, Socket socket, OutputStream out) throws Exception;
    }

    record Request(String line, String host, String body) {
    }

    private final ServerSocket server;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedHttpServer(Handler handler) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = new Thread(this::accept, "test-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static void answer(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    List<Request> seen() {
        return seen;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "test-http-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String host = null;
                int length = 0;
                for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                    String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(header.indexOf(':') + 1).trim();
                    if (name.equals("content-length")) {
                        length = Integer.parseInt(value);
                    } else if (name.equals("host")) {
                        host = value;
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                Request request = new Request(line, host, body);
                seen.add(request);
                handler.handle(requests.incrementAndGet(), request, socket, out);
            }
        } catch (Exception e) {
            // The client or the test closed the socket: this connection is done.
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
