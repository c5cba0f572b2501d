package dev.simplepush.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The form fields of one PUT (spec §9.4): body fields first, then query fields, so the first value
 * of a name is the body's when the body has it, as with Go's {@code FormValue} in pushgo.
 */
final class FormData {
    static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private final Map<String, List<String>> values;
    /** The first value of each name as sent, before decoding. */
    private final Map<String, String> rawFirst;
    private final boolean tooManyFields;

    private FormData(Map<String, List<String>> values, Map<String, String> rawFirst, boolean tooManyFields) {
        this.values = values;
        this.rawFirst = rawFirst;
        this.tooManyFields = tooManyFields;
    }

    /**
     * The fields of a request.
     *
     * @param contentType the Content-Type header, or null
     * @param query       the raw query string (not decoded), or null
     * @param body        the raw body
     */
    static FormData of(String contentType, String query, byte[] body) {
        return of(contentType, query, body, Integer.MAX_VALUE);
    }

    /**
     * As {@link #of(String, String, byte[])}, parsing at most {@code maxFields} fields over body
     * and query together; past them parsing stops and {@link #tooManyFields()} is true.
     */
    static FormData of(String contentType, String query, byte[] body, int maxFields) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> rawFirst = new LinkedHashMap<>();
        int budget = maxFields;
        if (isForm(contentType)) {
            budget = parseInto(new String(body, StandardCharsets.ISO_8859_1), values, rawFirst, budget);
        }
        if (query != null && budget >= 0) {
            budget = parseInto(query, values, rawFirst, budget);
        }
        return new FormData(values, rawFirst, budget < 0);
    }

    /** Whether the request had more fields than it was allowed; the fields are then incomplete. */
    boolean tooManyFields() {
        return tooManyFields;
    }

    /** No Content-Type, or the form type in any case with any parameters: the body is a form. */
    static boolean isForm(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(FORM_TYPE);
    }

    /** The first value of a field, or null if the field is absent. */
    String first(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    /**
     * The first value of a numeric field, where a leading {@code +} as sent is the sign, not the
     * space form encoding makes of it: spec §9.5 allows {@code version=+5}, and a leading space
     * is never valid in a number, so the two cannot be confused. Only the first character is
     * read this way: {@code 5+} is still "5 ".
     */
    String firstSigned(String name) {
        String decoded = first(name);
        String raw = rawFirst.get(name);
        if (decoded == null || raw == null || raw.isEmpty() || raw.charAt(0) != '+') {
            return decoded;
        }
        return "+" + decoded.substring(1);
    }

    /**
     * {@code a=1&b=2}: '+' is a space, %XX a byte, and the bytes are UTF-8. A pair with a broken
     * escape is skipped, as Go's ParseQuery does; the raw text is read as Latin-1 so each char is
     * one byte of the original.
     */
    private static int parseInto(String raw, Map<String, List<String>> values, Map<String, String> rawFirst,
            int budget) {
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            String pair = raw.substring(start, end);
            start = end + 1;
            if (pair.isEmpty()) {
                continue;
            }
            if (--budget < 0) {
                return budget;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String value = decode(rawValue);
            if (key != null && value != null) {
                values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
                rawFirst.putIfAbsent(key, rawValue);
            }
        }
        return budget;
    }

    /** The decoded text, or null if an escape is broken. */
    static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0 || encoded.charAt(i + 1) > 0x7f || encoded.charAt(i + 2) > 0x7f) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
