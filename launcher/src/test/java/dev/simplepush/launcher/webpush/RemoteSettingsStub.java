package dev.simplepush.launcher.webpush;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Firefox's Remote Settings server ({@code services.settings.server}) for FirefoxWebPushIT, on
 * the JDK's HTTP server at {@code http://127.0.0.1:<port>/v1}: every changeset poll is answered
 * "no changes", everything else 404 (which Remote Settings takes as "nothing" from a custom
 * server). It keeps Firefox off Mozilla's servers, and it is where a broadcast shows up outside
 * Firefox: Remote Settings' handler for {@code remote-settings/monitor_changes} polls
 * {@code /buckets/monitor/collections/changes/changeset?_expected=<the version without quotes>},
 * and only once that poll succeeded does Firefox record the version as the one it has.
 */
final class RemoteSettingsStub implements AutoCloseable {
    private static final String CHANGESET = "/v1/buckets/monitor/collections/changes/changeset";

    private final HttpServer server;
    private final List<String> monitorPolls = new CopyOnWriteArrayList<>();

    private RemoteSettingsStub(HttpServer server) {
        this.server = server;
    }

    static RemoteSettingsStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RemoteSettingsStub stub = new RemoteSettingsStub(server);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    /** The value for {@code services.settings.server}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * The {@code _expected} of every poll of all collections' changes, in order: the polls a
     * broadcast (or a start) triggers. Polls of single collections (a {@code collection}
     * parameter, made while Firefox starts) are not listed.
     */
    List<String> monitorPolls() {
        return List.copyOf(monitorPolls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) || !CHANGESET.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String expected = query.getOrDefault("_expected", "0");
            if (!query.containsKey("collection")) {
                monitorPolls.add(expected);
            }
            // The server's timestamp becomes Firefox's next _since; echoing what it expects is
            // what an up-to-date server would say.
            long timestamp = expected.matches("[0-9]{1,18}") ? Long.parseLong(expected) : 0;
            byte[] body = ("{\"timestamp\":" + timestamp + ",\"changes\":[],\"metadata\":{}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        return Stream.of(raw.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "", (a, b) -> b));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
