package dev.simplepush.launcher.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.simplepush.schemas.Health;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server, on the JDK's own {@link HttpServer} so it needs no web library:
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (version 0.0.4);</li>
 *   <li>{@code GET /health/live}: 200 if every service is live, else 503;</li>
 *   <li>{@code GET /health/ready}: 200 if every service is ready, else 503;</li>
 *   <li>{@code GET /console/}: the browser {@link Console}, once {@link #serveConsole} was called
 *       (dev mode does).</li>
 * </ul>
 *
 * <p>Health answers are JSON: {@code {"status":"UP"|"DOWN","checks":{"gateway":{"status":…,
 * "live":…,"ready":…,"detail":…}}}}. Any other path is 404; any method but GET is 405.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String JSON = "application/json";
    /**
     * The classic text format, which every Prometheus server reads; the registry picks its writer
     * by this content type (the Prometheus client's {@code PrometheusTextFormatWriter.CONTENT_TYPE},
     * which is not on our compile class path).
     */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final HealthChecks health;
    private volatile Console console;

    private AdminServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry,
            HealthChecks health) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.health = health;
    }

    /**
     * Listens on {@code host:port} (0 = a free port) and serves until {@link #close()}.
     *
     * @throws IllegalConfigurationException naming {@code admin.listen.port} if the address is taken
     */
    public static AdminServer start(String host, int port, PrometheusMeterRegistry registry, HealthChecks health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new IllegalConfigurationException(AdminConfig.PORT_KEY, "cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "); choose another port, 0 for any free one or -1 for none");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the admin server on " + host + ":" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "admin-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AdminServer admin = new AdminServer(server, executor, registry, health);
        server.createContext("/", admin::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("admin server on http://{}:{}/ ({}, {}, {})", host, admin.port(), METRICS, LIVE, READY);
        return admin;
    }

    /** The bound port: the configured one, or the one picked for 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, serves the browser console under {@value Console#PATH}, pointing at these services. */
    public void serveConsole(Console console) {
        this.console = console;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Console served = console;
            if (served != null && (path.startsWith(Console.PATH) || path.equals("/console"))) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    sendJson(exchange, 405, Map.of("error", "method not allowed"));
                } else {
                    sendConsole(exchange, served, path);
                }
            } else if (!path.equals(METRICS) && !path.equals(LIVE) && !path.equals(READY)) {
                sendJson(exchange, 404, Map.of("error", "not found", "paths", List.of(METRICS, LIVE, READY)));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                sendJson(exchange, 405, Map.of("error", "method not allowed"));
            } else if (path.equals(METRICS)) {
                sendMetrics(exchange);
            } else {
                sendHealth(exchange, path.equals(LIVE) ? Health::live : Health::ready);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or a meter failed: nothing more to tell it.
            LOG.debug("admin request {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void sendMetrics(HttpExchange exchange) throws IOException {
        byte[] body = registry.scrape(METRICS_CONTENT_TYPE).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", METRICS_CONTENT_TYPE);
        send(exchange, 200, body);
    }

    private void sendConsole(HttpExchange exchange, Console served, String path) throws IOException {
        if (path.equals("/console")) {
            exchange.getResponseHeaders().set("Location", Console.PATH);
            send(exchange, 301, new byte[0]);
            return;
        }
        String name = path.substring(Console.PATH.length());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (name.equals(Console.CONFIG)) {
            sendJson(exchange, 200, served.config(exchange.getRequestHeaders().getFirst("Host")));
            return;
        }
        Console.File file = Console.file(name);
        if (file == null) {
            sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", file.contentType());
        // Scripts and styles from this server only; the page talks to the node and the gateway.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' http: https: ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        send(exchange, 200, file.body());
    }

    private void sendHealth(HttpExchange exchange, Predicate<Health> up) throws IOException {
        Map<String, Health> each = health.each();
        boolean allUp = each.values().stream().allMatch(up);
        Map<String, Object> checks = new LinkedHashMap<>();
        each.forEach((name, h) -> {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("status", status(up.test(h)));
            check.put("live", h.live());
            check.put("ready", h.ready());
            check.put("detail", h.detail());
            checks.put(name, check);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status(allUp));
        body.put("checks", checks);
        sendJson(exchange, allUp ? 200 : 503, body);
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        exchange.getResponseHeaders().set("Content-Type", JSON);
        send(exchange, status, bytes);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening at once (probes and scrapes may simply fail) and ends its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
