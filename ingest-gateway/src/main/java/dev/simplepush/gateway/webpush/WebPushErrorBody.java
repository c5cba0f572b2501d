package dev.simplepush.gateway.webpush;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.simplepush.schemas.Json;

/**
 * The JSON error of spec W4.9 [autopush errors], sent with {@code Content-Type: application/json}.
 *
 * @param code    the HTTP status
 * @param errno   the finer reason (docs/webpush.md)
 * @param error   the status's reason phrase
 * @param message what was wrong, for the app server's developer
 */
public record WebPushErrorBody(int code, int errno, String error, String message) {
    public static final String CONTENT_TYPE = "application/json";

    public static WebPushErrorBody of(WebPushError kind, String message) {
        return new WebPushErrorBody(kind.status(), kind.errno(), kind.reason(), message);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
