package dev.simplepush.gateway.webpush;

import java.util.Optional;

/**
 * A Web Push request turned down: the error kind, the text for the JSON body's {@code message},
 * and for VAPID failures the rule that failed (spec W7.2 counts failures by rule). Thrown by the
 * checks of this package and caught where the answer is written; carries no stack trace, since
 * it is an answer, not a fault.
 */
public final class WebPushRejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final WebPushError error;
    private final transient VapidRule rule;

    public WebPushRejection(WebPushError error, String message) {
        this(error, message, null);
    }

    private WebPushRejection(WebPushError error, String message, VapidRule rule) {
        super(message, null, false, false);
        this.error = error;
        this.rule = rule;
    }

    /** A VAPID failure: 401 or 403 with errno 109 and the rule's text (spec W5.2, W5.3). */
    static WebPushRejection vapid(VapidRule rule) {
        return new WebPushRejection(rule.error(), rule.message(), rule);
    }

    public WebPushError error() {
        return error;
    }

    public Optional<VapidRule> vapidRule() {
        return Optional.ofNullable(rule);
    }

    /** The JSON body of spec W4.9. */
    public WebPushErrorBody body() {
        return WebPushErrorBody.of(error, getMessage());
    }
}
