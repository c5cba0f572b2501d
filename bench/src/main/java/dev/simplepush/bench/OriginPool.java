package dev.simplepush.bench;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections of the {@link LeanHttpClient} to one scheme, host and port, and the requests
 * waiting for one of them. Touched only by the client's selector thread (except the immutable
 * fields).
 */
final class OriginPool {
    final String host;
    final int port;
    /** The Host header value. */
    final String authority;
    final int maxConnections;

    /** Connected and waiting for a request; the most recently used first, so a lull lets the rest idle. */
    final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
    /** Requests waiting for a connection, oldest first. */
    final ArrayDeque<PendingPut> queue = new ArrayDeque<>();
    /** Every open connection: connecting, idle or carrying a request. */
    final List<HttpConnection> open = new ArrayList<>();
    int connecting;

    OriginPool(URI origin, int maxConnections) {
        this.host = origin.getHost();
        this.port = origin.getPort() >= 0 ? origin.getPort() : 80;
        this.authority = origin.getPort() >= 0 ? host + ":" + port : host;
        this.maxConnections = maxConnections;
    }

    /** The pool key of a URL: scheme, host and port. */
    static String key(URI target) {
        return target.getScheme() + "://" + target.getHost() + ":" + target.getPort();
    }
}
