package dev.simplepush.gateway.webpush;

import java.util.Optional;

/**
 * The {@code name=value} parameters of {@code Encryption} and {@code Crypto-Key} (draft
 * encryption-encoding §3): separated by {@code ;} within an entry and {@code ,} between entries,
 * which libraries mix freely (web-push sends {@code dh=…;p256ecdsa=…}), so both are read alike.
 * Names are case-insensitive; a value may be quoted.
 */
final class HeaderParams {

    private HeaderParams() {
    }

    /** The first non-empty value of {@code name} in {@code header}, if any. */
    static Optional<String> get(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (String param : header.split("[;,]")) {
            int equals = param.indexOf('=');
            if (equals < 0 || !param.substring(0, equals).trim().equalsIgnoreCase(name)) {
                continue;
            }
            String value = unquote(param.substring(equals + 1).trim());
            if (!value.isEmpty()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).trim()
                : value;
    }
}
