package dev.simplepush.gateway.webpush;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's headers by case-insensitive name: the route passes
 * {@code RequestHeaders.of(exchange.getRequestHeaders())}, tests a map or a lambda.
 */
@FunctionalInterface
public interface RequestHeaders {

    /** Every value of the header in the order received; empty (never null) if absent. */
    List<String> all(String name);

    /** The first value, or null if absent. */
    default String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Several lines of one header read as one comma-separated list (RFC 9110 §5.3), or null. */
    default String joined(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : String.join(",", values);
    }

    static RequestHeaders of(HeaderMap headers) {
        return name -> {
            HeaderValues values = headers.get(name);
            return values == null ? List.of() : values;
        };
    }

    static RequestHeaders of(Map<String, String> headers) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> byName.put(name, List.of(value)));
        return name -> byName.getOrDefault(name, List.of());
    }
}
