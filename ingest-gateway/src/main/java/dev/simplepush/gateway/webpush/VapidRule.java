package dev.simplepush.gateway.webpush;

/**
 * The VAPID rules of spec W5.2 and W5.3, one per way to fail: each answers errno 109 with a
 * message naming the rule, and is counted by its tag (W7.2).
 */
public enum VapidRule {
    HEADER("header", WebPushError.VAPID_UNAUTHORIZED,
            "Authorization must be 'vapid t=<JWT>, k=<key>', or 'WebPush <JWT>' with Crypto-Key p256ecdsa=<key>"),
    KEY("key", WebPushError.VAPID_UNAUTHORIZED,
            "The VAPID key must be a P-256 public key: 65 bytes, uncompressed, base64url"),
    TOKEN("token", WebPushError.VAPID_UNAUTHORIZED, "The VAPID token is not a signed JWT"),
    ALGORITHM("algorithm", WebPushError.VAPID_UNAUTHORIZED, "The VAPID JWT must be signed with ES256"),
    SIGNATURE("signature", WebPushError.VAPID_UNAUTHORIZED, "The VAPID JWT's signature does not verify under its key"),
    AUDIENCE("audience", WebPushError.VAPID_UNAUTHORIZED,
            "The VAPID JWT's aud must be the origin of this push service"),
    EXPIRY_MISSING("expiry_missing", WebPushError.VAPID_UNAUTHORIZED, "The VAPID JWT must have an exp"),
    EXPIRED("expired", WebPushError.VAPID_UNAUTHORIZED, "The VAPID JWT has expired (exp is in the past)"),
    EXPIRY_TOO_FAR("expiry_too_far", WebPushError.VAPID_UNAUTHORIZED,
            "The VAPID JWT's exp must be no more than 24 hours ahead"),
    SUBJECT_MISSING("subject_missing", WebPushError.VAPID_UNAUTHORIZED, "The VAPID JWT must have a sub"),
    SUBJECT_INVALID("subject_invalid", WebPushError.VAPID_UNAUTHORIZED,
            "The VAPID JWT's sub must be a mailto: or https: URI"),
    /** W5.3: the subscription was made with an application server key. */
    REQUIRED("required", WebPushError.VAPID_UNAUTHORIZED,
            "This subscription is restricted to an application server key: VAPID is required"),
    /** W5.3, RFC 8292 §4.2. */
    KEY_MISMATCH("key_mismatch", WebPushError.VAPID_FORBIDDEN,
            "The VAPID key is not the application server key of this subscription");

    private final String metricTag;
    private final WebPushError error;
    private final String message;

    VapidRule(String metricTag, WebPushError error, String message) {
        this.metricTag = metricTag;
        this.error = error;
        this.message = message;
    }

    public String metricTag() {
        return metricTag;
    }

    public WebPushError error() {
        return error;
    }

    public String message() {
        return message;
    }
}
