package dev.simplepush.gateway.webpush;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The header and body rules of an RFC 8030 POST, exactly as spec W4.2 states them, in this order:
 * size (413/104), TTL (400/111, 400/112), Topic (400/113), Urgency (400/114), content coding
 * (400/110, 400/101). The first rule broken is the answer.
 */
public final class PostValidator {
    public static final String TTL = "TTL";
    public static final String TOPIC = "Topic";
    public static final String URGENCY = "Urgency";
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String ENCRYPTION = "Encryption";
    public static final String CRYPTO_KEY = "Crypto-Key";

    /** RFC 8291 §4: salt (16) ‖ rs (4) ‖ idlen (1) ‖ keyid (65, the sender's public key). */
    static final int AES128GCM_HEADER_BYTES = 86;
    private static final int IDLEN_OFFSET = 20;
    private static final int KEYID_BYTES = 65;
    private static final Pattern TOPIC_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final long maxTtlSeconds;
    private final int maxPayloadBytes;

    public PostValidator(long maxTtlSeconds, int maxPayloadBytes) {
        this.maxTtlSeconds = maxTtlSeconds;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public static PostValidator from(WebPushSettings settings) {
        return new PostValidator(settings.maxTtlSeconds(), settings.maxPayloadBytes());
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Refuses a declared body over the limit before it is read; -1 (chunked or absent) passes. */
    public void checkContentLength(long contentLength) throws WebPushRejection {
        if (contentLength > maxPayloadBytes) {
            throw tooLarge();
        }
    }

    /** The 413 for a body over {@code webpush.max.payload}, also when a capped read gave up. */
    public WebPushRejection tooLarge() {
        return new WebPushRejection(WebPushError.PAYLOAD_TOO_LARGE,
                "Body exceeds max length of " + maxPayloadBytes + " bytes");
    }

    public WebPushMessage validate(RequestHeaders headers, byte[] body) throws WebPushRejection {
        if (body.length > maxPayloadBytes) {
            throw tooLarge();
        }
        long ttl = ttl(headers.first(TTL));
        Optional<String> topic = topic(headers.first(TOPIC));
        Urgency urgency = urgency(headers.first(URGENCY));
        if (body.length == 0) {
            return new WebPushMessage(ttl, topic, urgency, Optional.empty(), null, null, body);
        }
        ContentEncoding encoding = ContentEncoding.parse(headers.first(CONTENT_ENCODING)).orElseThrow(() ->
                new WebPushRejection(WebPushError.INVALID_ENCODING,
                        "A message with a body needs Content-Encoding aes128gcm or aesgcm"));
        if (encoding == ContentEncoding.AES128GCM) {
            checkAes128gcmHeader(body);
            return new WebPushMessage(ttl, topic, urgency, Optional.of(encoding), null, null, body);
        }
        String encryption = headers.joined(ENCRYPTION);
        String cryptoKey = headers.joined(CRYPTO_KEY);
        if (HeaderParams.get(encryption, "salt").isEmpty()) {
            throw new WebPushRejection(WebPushError.CRYPTO_KEYS_MISSING, "aesgcm needs an Encryption header with salt");
        }
        if (HeaderParams.get(cryptoKey, "dh").isEmpty()) {
            throw new WebPushRejection(WebPushError.CRYPTO_KEYS_MISSING, "aesgcm needs a Crypto-Key header with dh");
        }
        return new WebPushMessage(ttl, topic, urgency, Optional.of(encoding), encryption, cryptoKey, body);
    }

    private long ttl(String header) throws WebPushRejection {
        if (header == null) {
            throw new WebPushRejection(WebPushError.TTL_MISSING, "Missing TTL header");
        }
        String value = header.trim();
        if (!DIGITS.matcher(value).matches()) {
            throw new WebPushRejection(WebPushError.TTL_INVALID, "TTL must be a non-negative integer of seconds");
        }
        // Any run of digits is a valid TTL, however long; above the maximum it is lowered anyway.
        return value.length() > 18 ? maxTtlSeconds : Math.min(Long.parseLong(value), maxTtlSeconds);
    }

    private static Optional<String> topic(String header) throws WebPushRejection {
        if (header == null) {
            return Optional.empty();
        }
        if (!TOPIC_PATTERN.matcher(header).matches()) {
            throw new WebPushRejection(WebPushError.TOPIC_INVALID,
                    "Topic must be 1 to 32 characters of the base64url alphabet");
        }
        return Optional.of(header);
    }

    private static Urgency urgency(String header) throws WebPushRejection {
        if (header == null) {
            return Urgency.NORMAL;
        }
        return Urgency.parse(header).orElseThrow(() -> new WebPushRejection(WebPushError.URGENCY_INVALID,
                "Urgency must be very-low, low, normal or high"));
    }

    private static void checkAes128gcmHeader(byte[] body) throws WebPushRejection {
        if (body.length < AES128GCM_HEADER_BYTES) {
            throw new WebPushRejection(WebPushError.INVALID_ENCODING,
                    "An aes128gcm body starts with an " + AES128GCM_HEADER_BYTES + "-byte header (RFC 8291 §4)");
        }
        if ((body[IDLEN_OFFSET] & 0xff) != KEYID_BYTES) {
            throw new WebPushRejection(WebPushError.INVALID_ENCODING,
                    "The aes128gcm header's idlen must be " + KEYID_BYTES + " (RFC 8291 §4)");
        }
    }
}
