package dev.simplepush.launcher.webpush;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The web site FirefoxWebPushIT's browser subscribes from, on the JDK's HTTP server at
 * {@code http://127.0.0.1:<port>/} (loopback is a secure context, so service workers and push
 * work without TLS): {@code src/test/webpush/site/index.html} and {@code sw.js}, and
 * {@code POST /pushed}, where the service worker reports each push event's data.
 */
final class TestSite implements AutoCloseable {
    private static final Path SITE = NodeTools.WEBPUSH_DIR.resolve("site");
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html", "/sw.js", "sw.js");

    private final HttpServer server;
    private final BlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> subscriptionChanges = new LinkedBlockingQueue<>();

    /** One push event as the service worker saw it: its data's bytes, or null for a push without data. */
    record Push(byte[] data) {
    }

    private TestSite(HttpServer server) {
        this.server = server;
    }

    static TestSite start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestSite site = new TestSite(server);
        server.createContext("/", site::handle);
        server.start();
        return site;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The next push event's report, waiting up to {@code timeout}. */
    Push awaitPush(Duration timeout) throws InterruptedException {
        Push push = pushes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (push == null) {
            throw new AssertionError("no push event reached the service worker within " + timeout.toSeconds() + " s");
        }
        return push;
    }

    /** How many {@code pushsubscriptionchange} events the service worker reported. */
    int subscriptionChanges() {
        return subscriptionChanges.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod())) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if ("/pushed".equals(path)) {
                    boolean hasData = "present".equals(exchange.getRequestHeaders().getFirst("X-Push-Data"));
                    pushes.add(new Push(hasData ? body : null));
                } else if ("/subscription-change".equals(path)) {
                    subscriptionChanges.add(path);
                }
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            String file = FILES.get(path);
            if (file == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(SITE.resolve(file));
            exchange.getResponseHeaders().set("Content-Type", file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
            // A stale copy of sw.js must never outlive a change to it.
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
