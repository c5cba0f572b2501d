package dev.simplepush.gateway.webpush;

import java.util.Locale;
import java.util.Optional;

/**
 * What a request presents for VAPID, as sent: the JWT and the key (spec W5.1).
 *
 * @param jwt  the compact JWS
 * @param key  the application server's public key, base64url as sent
 * @param form which header form carried them
 */
public record VapidCredentials(String jwt, String key, Form form) {

    public enum Form {
        /** {@code Authorization: vapid t=<JWT>, k=<key>} (RFC 8292 §3). */
        VAPID,
        /** {@code Authorization: WebPush <JWT>} with {@code Crypto-Key: p256ecdsa=<key>} (draft form). */
        WEBPUSH
    }

    public static final String AUTHORIZATION = "Authorization";

    /**
     * The credentials of a request, or empty if it has no {@code Authorization} header.
     *
     * @throws WebPushRejection 401 errno 109 for an {@code Authorization} of another scheme or
     *                          missing {@code t} or {@code k}
     */
    public static Optional<VapidCredentials> from(RequestHeaders headers) throws WebPushRejection {
        String authorization = headers.first(AUTHORIZATION);
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).trim();
        switch (scheme) {
            case "vapid" -> {
                String jwt = param(rest, "t");
                String key = param(rest, "k");
                if (jwt == null) {
                    throw WebPushRejection.vapid(VapidRule.HEADER);
                }
                if (key == null) {
                    throw WebPushRejection.vapid(VapidRule.KEY);
                }
                return Optional.of(new VapidCredentials(jwt, key, Form.VAPID));
            }
            case "webpush" -> {
                if (rest.isEmpty() || rest.contains(" ")) {
                    throw WebPushRejection.vapid(VapidRule.HEADER);
                }
                String key = HeaderParams.get(headers.joined(PostValidator.CRYPTO_KEY), "p256ecdsa").orElse(null);
                if (key == null) {
                    throw WebPushRejection.vapid(VapidRule.KEY);
                }
                return Optional.of(new VapidCredentials(rest, key, Form.WEBPUSH));
            }
            default -> throw WebPushRejection.vapid(VapidRule.HEADER);
        }
    }

    /** A parameter of {@code t=…, k=…}; the value may hold {@code =} (a padded key). */
    private static String param(String params, String name) {
        for (String param : params.split(",")) {
            int equals = param.indexOf('=');
            if (equals > 0 && param.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = param.substring(equals + 1).trim();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** Never the JWT (spec W7.1). */
    @Override
    public String toString() {
        return "VapidCredentials[form=" + form + ", key=" + key + "]";
    }
}
