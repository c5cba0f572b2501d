package dev.simplepush.gateway;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP client may cost the gateway: how long it may take to send a request, how many
 * connections the listener holds, and how large a request head may be. Each limit answers with
 * the status RFC 9110 gives it and is counted in {@code simplepush.gateway.client.errors}.
 *
 * @param headTimeout     {@code gateway.request.head.timeout}, default 10s: a connection whose
 *                        first request head is not complete this long after it was accepted is
 *                        closed (slowloris); later requests on a kept-alive connection get the
 *                        same time from their first byte
 * @param bodyTimeout     {@code gateway.request.body.timeout}, default 10s: the whole body,
 *                        including any body thrown away after an early answer, must arrive this
 *                        long after the head, else the connection is closed
 * @param idleTimeout     {@code gateway.idle.timeout}, default 60s (Undertow's own default): a
 *                        kept-alive connection with no request in progress is closed after this
 *                        long
 * @param maxConnections  {@code gateway.max.connections}, default derived from the process's file
 *                        limit (see {@link #defaultMaxConnections(long)}); 0 means unlimited.
 *                        Counted from accept, so connections still sending their head count; above
 *                        it a new connection gets 503 and is closed
 * @param maxUrlBytes     {@code gateway.max.url.bytes}, default 8192: a longer request target
 *                        (path and query) gets 414
 * @param maxHeaderBytes  {@code gateway.max.header.bytes}, default 16384: a larger header
 *                        section (names and values) gets 431
 * @param maxHeaders      {@code gateway.max.headers}, default 64: more header lines get 431
 * @param maxFormFields   {@code gateway.max.form.fields}, default 32: more fields in the query
 *                        and form body together get 400
 * @param maxDiscardBytes {@code gateway.max.discard.bytes}, default 32 MiB: how much of a body the
 *                        gateway reads and throws away after answering it early (413 and the
 *                        like), so that a client that writes its whole body before reading still
 *                        gets the answer; a body declared larger is not read: the answer says
 *                        {@code Connection: close} and the connection is closed
 */
public record HttpLimits(
        Duration headTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        int maxConnections,
        int maxUrlBytes,
        int maxHeaderBytes,
        int maxHeaders,
        int maxFormFields,
        long maxDiscardBytes) {

    public static final String HEAD_TIMEOUT = "gateway.request.head.timeout";
    public static final String BODY_TIMEOUT = "gateway.request.body.timeout";
    public static final String IDLE_TIMEOUT = "gateway.idle.timeout";
    public static final String MAX_CONNECTIONS = "gateway.max.connections";
    public static final String MAX_URL_BYTES = "gateway.max.url.bytes";
    public static final String MAX_HEADER_BYTES = "gateway.max.header.bytes";
    public static final String MAX_HEADERS = "gateway.max.headers";
    public static final String MAX_FORM_FIELDS = "gateway.max.form.fields";
    public static final String MAX_DISCARD_BYTES = "gateway.max.discard.bytes";

    /** File descriptors left to Kafka clients, log files, the JVM and (in dev mode) the broker. */
    static final long FD_RESERVE = 512;
    /** Without a known file limit (not a Unix JVM), this many connections. */
    static final int UNKNOWN_LIMIT_CONNECTIONS = 1_000;

    public HttpLimits {
        Objects.requireNonNull(headTimeout, HEAD_TIMEOUT);
        Objects.requireNonNull(bodyTimeout, BODY_TIMEOUT);
        Objects.requireNonNull(idleTimeout, IDLE_TIMEOUT);
        positive(HEAD_TIMEOUT, headTimeout);
        positive(BODY_TIMEOUT, bodyTimeout);
        positive(IDLE_TIMEOUT, idleTimeout);
        if (maxConnections < 0) {
            throw new IllegalConfigurationException(MAX_CONNECTIONS, "must not be negative (0 means unlimited)");
        }
        atLeast(MAX_URL_BYTES, maxUrlBytes, 256);
        atLeast(MAX_HEADER_BYTES, maxHeaderBytes, 1024);
        atLeast(MAX_HEADERS, maxHeaders, 8);
        atLeast(MAX_FORM_FIELDS, maxFormFields, 2);
        if (maxDiscardBytes < 0) {
            throw new IllegalConfigurationException(MAX_DISCARD_BYTES, "must not be negative");
        }
    }

    /** The defaults, with the connection cap derived from this process's file limit. */
    public static HttpLimits defaults() {
        return from(ConfigSource.of(java.util.Map.of()));
    }

    public static HttpLimits from(ConfigSource config) {
        String rawMax = config.raw(MAX_CONNECTIONS);
        int maxConnections = rawMax == null || rawMax.isBlank()
                ? defaultMaxConnections(maxFileDescriptors())
                : config.getInt(MAX_CONNECTIONS, 0, 0, Integer.MAX_VALUE);
        return new HttpLimits(
                config.getDuration(HEAD_TIMEOUT, Duration.ofSeconds(10)),
                config.getDuration(BODY_TIMEOUT, Duration.ofSeconds(10)),
                config.getDuration(IDLE_TIMEOUT, Duration.ofSeconds(60)),
                maxConnections,
                config.getInt(MAX_URL_BYTES, 8192, 0, 1 << 20),
                config.getInt(MAX_HEADER_BYTES, 16_384, 0, 1 << 20),
                config.getInt(MAX_HEADERS, 64, 0, 10_000),
                config.getInt(MAX_FORM_FIELDS, 32, 0, 100_000),
                config.getInt(MAX_DISCARD_BYTES, 32 << 20, 0, Integer.MAX_VALUE));
    }

    /**
     * A quarter of the file limit left after {@value #FD_RESERVE} for everything else, between 16
     * and 10,000: the gateway shares the limit with the node in dev mode, whose devices need far
     * more sockets than a few app servers with keep-alive pools. 1,024 files give 128; 20,000 give
     * 4,872.
     *
     * @param fileLimit the process's file limit, or -1 if unknown
     */
    static int defaultMaxConnections(long fileLimit) {
        if (fileLimit <= 0) {
            return UNKNOWN_LIMIT_CONNECTIONS;
        }
        return (int) Math.max(16, Math.min(10_000, (fileLimit - FD_RESERVE) / 4));
    }

    /** The process's file limit ({@code ulimit -n}), or -1 where the JVM cannot tell. */
    static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** The size Undertow may buffer for a request head before it gives up by closing: ours plus room. */
    int undertowHeadBytes() {
        return maxUrlBytes + 2 * maxHeaderBytes + 1024;
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalConfigurationException(key, "must be positive");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalConfigurationException(key, value + " is below the least sensible value, " + min);
        }
    }
}
