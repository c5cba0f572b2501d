package dev.simplepush.gateway.webpush;

import java.util.Locale;
import java.util.Optional;

/** The content codings a Web Push body may have (spec W4.2). */
public enum ContentEncoding {
    /** RFC 8188 with RFC 8291's header: what current browsers and libraries use. */
    AES128GCM("aes128gcm"),
    /** The older draft coding, with its keys in the {@code Encryption} and {@code Crypto-Key} headers. */
    AESGCM("aesgcm");

    private final String header;

    ContentEncoding(String header) {
        this.header = header;
    }

    /** The header's spelling, which is also what a notification's {@code headers.encoding} says (W3.1). */
    public String header() {
        return header;
    }

    /** Content codings are case-insensitive (RFC 9110 §8.4.1). */
    public static Optional<ContentEncoding> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String lower = header.trim().toLowerCase(Locale.ROOT);
        for (ContentEncoding encoding : values()) {
            if (encoding.header.equals(lower)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }
}
