package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The gateway's Web Push settings (spec W4, W5), validated at start-up with the key in the message.
 *
 * @param endpointBase   {@code gateway.endpoint.base}, default {@code http://localhost:8081}: the
 *                       public URL endpoints start with, the same as the nodes'
 *                       {@code node.endpoint.base}; its origin is the only VAPID {@code aud}
 *                       accepted (W5.2) and {@code Location: <base>/m/<id>} starts with it (W4.4)
 * @param maxTtlSeconds  {@code webpush.max.ttl}, default 2,592,000 (30 days): a larger TTL is lowered
 *                       to this and the 201 says so (W4.2)
 * @param maxPayloadBytes {@code webpush.max.payload}, default 4096: a larger body gets 413 errno 104;
 *                       at least 4096 (RFC 8030 §7.2), at most {@value #MAX_PAYLOAD_LIMIT}; it caps
 *                       a POST's body as {@code gateway.max.body.bytes} caps a PUT's
 * @param vapidCacheSize {@code webpush.vapid.cache.size}, default 10,000: VAPID verifications kept
 *                       per (key, JWT) until the JWT expires, so a sender reusing its JWT pays the
 *                       signature check once; 0 turns the cache off
 * @param enabled        {@code webpush.enabled}, default true: the gateway routes {@code POST /update/<token>}
 *                       and {@code DELETE /m/<message id>}; false answers a POST 405 and {@code /m/…} 404,
 *                       as before Web Push
 * @param retryAfter     {@code webpush.retry.after}, default 60s: the {@code Retry-After} of a 429 for a POST
 *                       over a pending cap (W4.7); the device must come online and ack before room frees up,
 *                       so an app server retrying at once would only be refused again
 */
public record WebPushSettings(URI endpointBase, long maxTtlSeconds, int maxPayloadBytes, int vapidCacheSize,
        boolean enabled, Duration retryAfter) {
    public static final String ENDPOINT_BASE = "gateway.endpoint.base";
    public static final String MAX_TTL = "webpush.max.ttl";
    public static final String MAX_PAYLOAD = "webpush.max.payload";
    public static final String VAPID_CACHE_SIZE = "webpush.vapid.cache.size";
    public static final String ENABLED = "webpush.enabled";
    public static final String RETRY_AFTER = "webpush.retry.after";

    public static final String DEFAULT_ENDPOINT_BASE = "http://localhost:8081";
    public static final int DEFAULT_MAX_TTL = 2_592_000;
    /** RFC 8030 §7.2: a push service MUST accept at least this much. */
    public static final int MIN_PAYLOAD = 4096;
    /**
     * The body travels in a Kafka record (base64 in JSON, a third larger); this keeps the record far
     * below Kafka's default 1 MB message size.
     */
    public static final int MAX_PAYLOAD_LIMIT = 262_144;
    public static final int DEFAULT_VAPID_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    public WebPushSettings {
        Objects.requireNonNull(endpointBase, ENDPOINT_BASE);
        checkEndpointBase(endpointBase);
        if (maxTtlSeconds < 0) {
            throw new IllegalConfigurationException(MAX_TTL, "must not be negative");
        }
        if (maxPayloadBytes < MIN_PAYLOAD || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
            throw new IllegalConfigurationException(MAX_PAYLOAD, maxPayloadBytes + " is not between " + MIN_PAYLOAD
                    + " (RFC 8030 §7.2: a push service must accept that much) and " + MAX_PAYLOAD_LIMIT);
        }
        if (vapidCacheSize < 0) {
            throw new IllegalConfigurationException(VAPID_CACHE_SIZE, "must not be negative");
        }
        Objects.requireNonNull(retryAfter, RETRY_AFTER);
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalConfigurationException(RETRY_AFTER, "must be at least 1s (Retry-After counts whole seconds)");
        }
    }

    /** Web Push on, with the default {@code Retry-After}. */
    public WebPushSettings(URI endpointBase, long maxTtlSeconds, int maxPayloadBytes, int vapidCacheSize) {
        this(endpointBase, maxTtlSeconds, maxPayloadBytes, vapidCacheSize, true, DEFAULT_RETRY_AFTER);
    }

    public static WebPushSettings from(ConfigSource config) {
        String base = config.getString(ENDPOINT_BASE, DEFAULT_ENDPOINT_BASE);
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalConfigurationException(ENDPOINT_BASE, "'" + base + "' is not a URL");
        }
        return new WebPushSettings(uri,
                config.getInt(MAX_TTL, DEFAULT_MAX_TTL, 0, Integer.MAX_VALUE),
                config.getInt(MAX_PAYLOAD, MIN_PAYLOAD, MIN_PAYLOAD, MAX_PAYLOAD_LIMIT),
                config.getInt(VAPID_CACHE_SIZE, DEFAULT_VAPID_CACHE_SIZE, 0, Integer.MAX_VALUE),
                config.getBoolean(ENABLED, true),
                config.getDuration(RETRY_AFTER, DEFAULT_RETRY_AFTER));
    }

    /** The {@code Retry-After} header's value: whole seconds. */
    public String retryAfterHeader() {
        return Long.toString(retryAfter.toSeconds());
    }

    /**
     * The origin of {@link #endpointBase} (RFC 6454: scheme, host, and the port unless it is the
     * scheme's default), the VAPID {@code aud} this push service answers to.
     */
    public String audience() {
        return origin(endpointBase);
    }

    /** {@code <endpoint base>/m/<message id>} (spec W4.4). */
    public String messageLocation(String messageId) {
        String base = endpointBase.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/m/" + messageId;
    }

    /** The RFC 6454 origin of an absolute http(s) URI with a host, or null if it has none. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static void checkEndpointBase(URI base) {
        if (origin(base) == null || base.getRawQuery() != null || base.getRawFragment() != null
                || base.getRawUserInfo() != null) {
            throw new IllegalConfigurationException(ENDPOINT_BASE, "'" + base
                    + "' is not an http:// or https:// URL with a host and no query, fragment or user");
        }
    }
}
