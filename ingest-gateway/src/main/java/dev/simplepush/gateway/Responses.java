package dev.simplepush.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.simplepush.schemas.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** The two shapes of gateway answers: {@code {}} on success, a JSON string on error (spec §9.10). */
final class Responses {
    static final String JSON = "application/json";
    static final String ALLOWED_METHODS = "PUT, OPTIONS";
    /** RFC 8030 §5.2: how long the push service keeps the message; 0 in no-store mode. */
    static final HttpString TTL = new HttpString("TTL");

    private Responses() {
    }

    static void success(HttpServerExchange exchange, int status) {
        send(exchange, status, "{}");
    }

    static void error(HttpServerExchange exchange, PutDecision.Rejected rejected) {
        if (rejected.error() == GatewayError.METHOD_NOT_ALLOWED) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED_METHODS);
        }
        send(exchange, rejected.error().status(), jsonString(rejected.message()));
    }

    static String jsonString(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }

    private static void send(HttpServerExchange exchange, int status, String body) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(body);
    }
}
