package dev.simplepush.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.simplepush.schemas.Json;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.xnio.IoUtils;

/** The two shapes of gateway answers: {@code {}} on success, a JSON string on error (spec §9.10). */
final class Responses {
    static final String JSON = "application/json";
    static final String ALLOWED_METHODS = "PUT, OPTIONS";
    /** {@code /update/<token>} with Web Push on (spec W4.1). */
    static final String ALLOWED_METHODS_WEBPUSH = "PUT, POST, OPTIONS";
    /** {@code /m/<message id>} (spec W4.8). */
    static final String ALLOWED_METHODS_MESSAGE = "DELETE, OPTIONS";
    /** RFC 8030 §5.2: how long the push service keeps the message; 0 in no-store mode. */
    static final HttpString TTL = new HttpString("TTL");

    private Responses() {
    }

    static void success(HttpServerExchange exchange, int status) {
        send(exchange, status, "{}");
    }

    /** 405 with the route's {@code Allow}. */
    static void methodNotAllowed(HttpServerExchange exchange, String allow) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allow);
        send(exchange, GatewayError.METHOD_NOT_ALLOWED.status(), jsonString(GatewayError.METHOD_NOT_ALLOWED.message()));
    }

    static void error(HttpServerExchange exchange, PutDecision.Rejected rejected) {
        if (rejected.error() == GatewayError.METHOD_NOT_ALLOWED) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED_METHODS);
        }
        send(exchange, rejected.error().status(), jsonString(rejected.message()));
    }

    /**
     * The error with {@code Connection: close}, and the connection closed once it is written,
     * without reading what is left of the request: for framing we cannot trust or a body too
     * large to read and throw away.
     */
    static void errorThenClose(HttpServerExchange exchange, PutDecision.Rejected rejected) {
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setPersistent(false);
        exchange.setStatusCode(rejected.error().status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        String body = jsonString(rejected.message());
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.getBytes(StandardCharsets.UTF_8).length);
        exchange.getResponseSender().send(body, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange done, Sender sender) {
                IoUtils.safeClose(done.getConnection());
            }

            @Override
            public void onException(HttpServerExchange done, Sender sender, IOException exception) {
                IoUtils.safeClose(done.getConnection());
            }
        });
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
