package dev.simplepush.launcher.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The browser console: a page that connects as a SimplePush device (or a Web Push one, which
 * encrypts and decrypts its messages in the page), registers channels, PUTs (or POSTs) to their
 * endpoints and shows the notifications arriving. The admin server serves it under
 * {@value #PATH} when dev mode asks it to, from four classpath files, plus {@code config.json},
 * which tells the page where the delivery node and the gateway listen. Metrics are same-origin
 * ({@code /metrics}); the WebSocket and the gateway are other origins, which is why dev mode turns
 * {@code gateway.cors} on.
 *
 * @param host        the address the services listen on; a wildcard ({@code 0.0.0.0}, {@code ::})
 *                    is replaced by the host name the browser used to reach the console
 * @param nodePort    the delivery node's WebSocket port
 * @param gatewayPort the gateway's HTTP port
 */
public record Console(String host, int nodePort, int gatewayPort) {
    /** Where the console lives on the admin server. */
    public static final String PATH = "/console/";
    static final String CONFIG = "config.json";
    private static final String RESOURCES = "/dev/simplepush/launcher/console/";
    /** Every file the page is made of, by name, with its content type; nothing else is served. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "webpush-crypto.js", "text/javascript; charset=utf-8");
    private static final Map<String, byte[]> CONTENTS = load();

    /** A file of the page and its content type. */
    record File(String contentType, byte[] body) {
    }

    /** The page file at {@code name} ({@code ""} is {@code index.html}), or null if there is none. */
    static File file(String name) {
        String file = name.isEmpty() ? "index.html" : name;
        byte[] body = CONTENTS.get(file);
        return body == null ? null : new File(FILES.get(file), body);
    }

    /** What {@code config.json} says to a browser that reached the admin server as {@code requestHost}. */
    Map<String, String> config(String requestHost) {
        String reachable = isWildcard(host) ? hostName(requestHost) : host;
        String literal = reachable.contains(":") && !reachable.startsWith("[") ? "[" + reachable + "]" : reachable;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("webSocketUrl", "ws://" + literal + ":" + nodePort + "/");
        config.put("gatewayUrl", "http://" + literal + ":" + gatewayPort);
        config.put("metricsUrl", AdminServer.METRICS);
        return config;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The host part of a {@code Host} header: {@code a.example:8090} → {@code a.example}, {@code [::1]:8090} → {@code [::1]}. */
    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return "localhost";
        }
        String header = hostHeader.trim();
        if (!header.matches("[A-Za-z0-9.\\-:\\[\\]%]+")) {
            return "localhost";
        }
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? "localhost" : header.substring(0, end + 1);
        }
        int colon = header.indexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = Console.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("the console file " + RESOURCES + name + " is missing from the class path");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console file " + name, e);
            }
        }
        return Map.copyOf(contents);
    }
}
