package dev.simplepush.schemas.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Endpoint tokens for Web Push (spec W4.1): an unrestricted subscription gets exactly the token of
 * {@link EndpointTokens} (so every token issued before keeps working), a restricted one a token
 * that also carries the SHA-256 of its application server key, so the gateway can check VAPID
 * without a lookup [autopush v2 tokens].
 *
 * <p>A restricted token is AES-GCM under the same keys over {@code sha256(key)‖<uaid>.<chid>},
 * sealed with its own additional data: {@link EndpointTokens#decode} never accepts one, so a path
 * that does not know restrictions (a SimplePush PUT) cannot bypass the binding by mistake.
 */
public final class SubscriptionTokens {
    private static final String PURPOSE = "simplepush restricted endpoint v1";

    private final EndpointTokens tokens;
    private final TokenSeal restricted;

    public SubscriptionTokens(EndpointTokens tokens) {
        this.tokens = tokens;
        this.restricted = new TokenSeal(tokens.keys(), PURPOSE);
    }

    /** An unrestricted subscription's token, the same as {@link EndpointTokens#encode}. */
    public String encode(String uaid, String channelId) {
        return tokens.encode(uaid, channelId);
    }

    /**
     * A token bound to {@code appServerKey}.
     *
     * @throws IllegalArgumentException if the key is not a 65-byte uncompressed P-256 point
     */
    public String encodeRestricted(String uaid, String channelId, byte[] appServerKey) {
        if (!AppServerKeys.isValid(appServerKey)) {
            throw new IllegalArgumentException("an application server key is 65 bytes starting with 0x04");
        }
        byte[] address = (uaid + "." + channelId).getBytes(StandardCharsets.US_ASCII);
        byte[] plain = ByteBuffer.allocate(AppServerKeys.HASH_BYTES + address.length)
                .put(AppServerKeys.sha256(appServerKey)).put(address).array();
        return restricted.seal(plain);
    }

    /** The subscription a token names, or empty for any failure; callers must not say which (spec §10.4). */
    public Optional<Subscription> decode(String token) {
        Optional<EndpointAddress> plain = tokens.decode(token);
        if (plain.isPresent()) {
            return Optional.of(Subscription.unrestricted(plain.get()));
        }
        return restricted.open(token)
                .filter(bytes -> bytes.length > AppServerKeys.HASH_BYTES)
                .flatMap(bytes -> address(bytes).map(address ->
                        new Subscription(address, Arrays.copyOf(bytes, AppServerKeys.HASH_BYTES))));
    }

    private static Optional<EndpointAddress> address(byte[] plain) {
        String text = new String(plain, AppServerKeys.HASH_BYTES, plain.length - AppServerKeys.HASH_BYTES,
                StandardCharsets.US_ASCII);
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new EndpointAddress(text.substring(0, dot), text.substring(dot + 1)));
    }
}
