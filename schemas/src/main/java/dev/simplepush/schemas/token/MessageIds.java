package dev.simplepush.schemas.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Web Push message ids (spec W4.4): authenticated encryption, under the endpoint token keys and
 * their rotation, of {@code <kind><uaid>.<chid>.<key>} ({@link MessageRef}), so that a message id
 * cannot be forged and {@code DELETE /m/<id>} or a device's ack finds the message without a
 * lookup table. base64url without padding: never a {@code /}, safe in a URL path.
 *
 * <p>The nonce is derived from the plaintext, so one {@link MessageRef} always gives the same id
 * (until the first key changes; ids made under older keys still decode): a topic's id is stable
 * per channel and topic (spec W4.6). Sealed with their own additional data, message ids and
 * endpoint tokens never open as each other.
 */
public final class MessageIds {
    private static final String PURPOSE = "simplepush message id v1";
    private static final int UNIQUE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenSeal seal;

    public MessageIds(EndpointTokens tokens) {
        this.seal = new TokenSeal(tokens.keys(), PURPOSE);
    }

    /** A reference to a new message without a topic: 128 random bits. */
    public static MessageRef newUnique(String uaid, String channelId) {
        byte[] id = new byte[UNIQUE_BYTES];
        RANDOM.nextBytes(id);
        return MessageRef.unique(uaid, channelId, Base64Url.encode(id));
    }

    public String encode(MessageRef ref) {
        String plain = ref.kind().tag() + ref.uaid() + "." + ref.channelId() + "." + ref.key();
        return seal.sealDeterministic(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The message an id names, or empty if it does not decode or authenticate (404 errno 102). */
    public Optional<MessageRef> decode(String id) {
        return seal.open(id).flatMap(MessageIds::parse);
    }

    private static Optional<MessageRef> parse(byte[] bytes) {
        String plain = new String(bytes, StandardCharsets.US_ASCII);
        MessageRef.Kind kind = plain.isEmpty() ? null : MessageRef.Kind.ofTag(plain.charAt(0));
        int first = plain.indexOf('.');
        int last = plain.lastIndexOf('.');
        if (kind == null || first <= 1 || last <= first + 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MessageRef(plain.substring(1, first), plain.substring(first + 1, last), kind,
                    plain.substring(last + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
