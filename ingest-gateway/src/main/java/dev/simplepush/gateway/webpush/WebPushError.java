package dev.simplepush.gateway.webpush;

/**
 * Every way the gateway turns down a Web Push request (spec W4, W5), with the HTTP status, the
 * autopush-style errno, the reason phrase sent as {@code error}, the default {@code message}, and
 * the tag metrics and logs use. The errno table is in docs/webpush.md.
 */
public enum WebPushError {
    /** aesgcm without {@code Encryption: salt=…} or {@code Crypto-Key: dh=…} (W4.2). */
    CRYPTO_KEYS_MISSING(400, 101, "Missing necessary crypto keys", "crypto_keys_missing", false),
    /** A token or message id that does not decode or authenticate (W4.3, W4.8). */
    INVALID_TOKEN(404, 102, "Invalid URL endpoint", "invalid_token", false),
    PAYLOAD_TOO_LARGE(413, 104, "Data payload too large", "payload_too_large", false),
    /** The token authenticates but its channel is not registered (W4.3). */
    SUBSCRIPTION_GONE(410, 106, "Invalid subscription", "subscription_gone", false),
    /** VAPID missing where required, or failing one of the rules of W5.2 ({@link VapidRule}). */
    VAPID_UNAUTHORIZED(401, 109, "Invalid authentication", "vapid_unauthorized", false),
    /** A restricted subscription, and VAPID signed with another key (W5.3). */
    VAPID_FORBIDDEN(403, 109, "Invalid authentication", "vapid_forbidden", false),
    /** A body without aes128gcm or aesgcm, or an aes128gcm header that is not RFC 8291's (W4.2). */
    INVALID_ENCODING(400, 110, "Invalid crypto keys specified", "invalid_encoding", false),
    TTL_MISSING(400, 111, "Missing TTL header", "ttl_missing", false),
    TTL_INVALID(400, 112, "Invalid TTL header value", "ttl_invalid", false),
    TOPIC_INVALID(400, 113, "Invalid Topic header value", "topic_invalid", false),
    URGENCY_INVALID(400, 114, "Invalid Urgency header value", "urgency_invalid", false),
    /** A pending cap of W4.7 or the endpoint's rate limit; the answer carries {@code Retry-After}. */
    TOO_MANY_REQUESTS(429, 201, "Too Many Requests", "too_many_requests", false),
    /** The write to Kafka failed, so nothing was accepted; the app server may retry with back-off. */
    STORAGE_UNAVAILABLE(503, 201, "Service Unavailable", "storage_unavailable", true);

    private final int status;
    private final int errno;
    private final String reason;
    private final String metricTag;
    private final boolean alert;

    WebPushError(int status, int errno, String reason, String metricTag, boolean alert) {
        this.status = status;
        this.errno = errno;
        this.reason = reason;
        this.metricTag = metricTag;
        this.alert = alert;
    }

    public int status() {
        return status;
    }

    public int errno() {
        return errno;
    }

    /** The {@code error} field of the JSON body. */
    public String reason() {
        return reason;
    }

    public String metricTag() {
        return metricTag;
    }

    /** Whether this is the server's trouble rather than the sender's: worth a WARN and an alert. */
    public boolean alert() {
        return alert;
    }
}
