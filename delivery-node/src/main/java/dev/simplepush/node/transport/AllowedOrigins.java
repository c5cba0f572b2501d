package dev.simplepush.node.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The optional {@code Origin} allow-list of spec §1.7. An origin matches an entry when scheme,
 * host and port are equal; a missing port means the scheme's default. Empty allows any upgrade,
 * with or without an {@code Origin}; otherwise an upgrade without one is refused too.
 */
public final class AllowedOrigins {
    /** Allows every upgrade (the default). */
    public static final AllowedOrigins ANY = new AllowedOrigins(List.of());

    private final List<Origin> origins;

    private record Origin(String scheme, String host, int port) {
    }

    private AllowedOrigins(List<Origin> origins) {
        this.origins = origins;
    }

    /**
     * Parses entries such as {@code https://app.example.net} or {@code http://localhost:3000}.
     *
     * @throws IllegalArgumentException naming the first entry without a scheme and host, or with a
     *                                  scheme whose default port is unknown and no port
     */
    public static AllowedOrigins of(List<String> entries) {
        List<Origin> origins = entries.stream().map(entry -> {
            Origin origin = parse(entry);
            if (origin == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an origin such as https://host[:port]");
            }
            return origin;
        }).toList();
        return new AllowedOrigins(origins);
    }

    public boolean allowsAny() {
        return origins.isEmpty();
    }

    /** Whether an upgrade with this {@code Origin} header (null when absent) may proceed. */
    public boolean allows(String originHeader) {
        if (origins.isEmpty()) {
            return true;
        }
        Origin origin = originHeader == null ? null : parse(originHeader.trim());
        return origin != null && origins.contains(origin);
    }

    /** Scheme and host lower-cased, the port made explicit; null for anything else (e.g. {@code null}). */
    private static Origin parse(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            return port < 0 ? null : new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    @Override
    public String toString() {
        return origins.isEmpty() ? "any" : origins.stream()
                .map(o -> o.scheme() + "://" + o.host() + ":" + o.port()).toList().toString();
    }
}
