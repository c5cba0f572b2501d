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
    METHOD_NOT_ALLOWED(405, "Method Not Allowed", "method_not_allowed"),
    BODY_TOO_LARGE(413, "Body exceeds max length of %d bytes", "body_too_large"),
    DATA_TOO_LARGE(413, "Data exceeds max length of %d bytes", "data_too_large"),
    /** The write to Kafka failed, so nothing was accepted; the app server may retry. */
    STORAGE_UNAVAILABLE(503, "Could not update channel version", "storage_unavailable"),
    /**
     * The endpoint sent more than {@code gateway.put.rate} allows; the answer carries
     * {@code Retry-After}. Nothing was written.
     */
    RATE_LIMITED(429, "Too Many Requests", "rate_limited");

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
