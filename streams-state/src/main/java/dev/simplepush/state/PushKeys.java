package dev.simplepush.state;

import dev.simplepush.schemas.token.MessageRef;

/**
 * Keys of the Web Push rows. {@code push-messages}: {@code uaid/<seq>} with the sequence number as
 * 16 hex digits, so key order is arrival order and a range scan from the watermark gives the next
 * messages to send, oldest first. {@code push-index}: {@code uaid/chid/<tag><key>}, one row per
 * pending message, where the tag is {@code u} (unique id), {@code t} (topic) or {@code v}
 * (version); a version row has no key after its tag: one per channel, the newest wins (W3.9).
 *
 * <p>Uaids and channel ids are valid IDs and keys are base64url, so none holds the separator: one
 * uaid's (or channel's) prefix never matches another's rows.
 */
final class PushKeys {
    private PushKeys() {
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether {@code key} is a message key as {@link MessageRef} allows: 1–64 base64url characters. */
    static boolean isValidKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    static String message(String uaid, long seq) {
        return StateKeys.prefix(uaid) + String.format("%016x", seq);
    }

    static long seqOf(String messageKey) {
        return Long.parseUnsignedLong(messageKey.substring(messageKey.indexOf(StateKeys.SEPARATOR) + 1), 16);
    }

    static String index(String uaid, String channelId, MessageRef.Kind kind, String key) {
        return channelPrefix(uaid, channelId) + switch (kind) {
            case UNIQUE -> "u" + key;
            case TOPIC -> "t" + key;
            case VERSION -> "v";
        };
    }

    /** Every index row of one channel. */
    static String channelPrefix(String uaid, String channelId) {
        return StateKeys.channel(uaid, channelId) + StateKeys.SEPARATOR;
    }
}
