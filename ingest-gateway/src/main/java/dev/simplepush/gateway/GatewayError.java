package dev.simplepush.gateway;

/**
 * Every way the gateway turns a request down (spec §9), with the HTTP status, the text sent as a
 * JSON string, and the tag metrics and logs use. Messages with {@code %d} take the configured
 * limit.
 */
public enum GatewayError {
    INVALID_VERSION(400, "Invalid Version", "invalid_version"),
    /** Never says why: bad base64, failed tag and unregistered channel look the same (spec §9.7). */
    INVALID_TOKEN(404, "Invalid Token", "invalid_token"),
    NOT_FOUND(404, "Not Found", "not_found"),
    /**
     * A PUT to a restricted subscription (Web Push spec W5.4): only the holder of its application
     * server key may send, with a VAPID-signed POST.
     */
    RESTRICTED_SUBSCRIPTION(403, "This subscription is restricted to its application server key: send a Web Push "
            + "POST signed with VAPID", "restricted_subscription"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed", "method_not_allowed"),
    BODY_TOO_LARGE(413, "Body exceeds max length of %d bytes", "body_too_large"),
    DATA_TOO_LARGE(413, "Data exceeds max length of %d bytes", "data_too_large"),
    /** The write to Kafka failed, so nothing was accepted; the app server may retry. */
    STORAGE_UNAVAILABLE(503, "Could not update channel version", "storage_unavailable"),
    /**
     * The endpoint sent more than {@code gateway.put.rate} allows; the answer carries
     * {@code Retry-After}. Nothing was written.
     */
    RATE_LIMITED(429, "Too Many Requests", "rate_limited"),
    /** A Content-Length that is not one decimal number: the framing is broken (RFC 9112 §6.3); closed after. */
    BAD_FRAMING(400, "Bad Request", "bad_framing"),
    /** More form fields than {@code gateway.max.form.fields} in the query and body together. */
    TOO_MANY_FIELDS(400, "Too many form fields", "too_many_fields"),
    /** A request target over {@code gateway.max.url.bytes} (RFC 9110 §15.5.15). */
    URI_TOO_LONG(414, "URI Too Long", "uri_too_long"),
    /** A head over {@code gateway.max.header.bytes} or {@code gateway.max.headers} (RFC 6585 §5). */
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "headers_too_large"),
    /** At {@code gateway.max.connections}: written straight to the new socket, which is then closed. */
    TOO_MANY_CONNECTIONS(503, "Too Many Connections", "capacity");

    private final int status;
    private final String message;
    private final String metricTag;

    GatewayError(int status, String message, String metricTag) {
        this.status = status;
        this.message = message;
        this.metricTag = metricTag;
    }

    public int status() {
        return status;
    }

    /** The text for the response body, with any limit filled in. */
    public String message(Object... args) {
        return args.length == 0 ? message : String.format(message, args);
    }

    public String metricTag() {
        return metricTag;
    }
}
