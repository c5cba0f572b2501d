package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code headers} object of a data-mode notification (spec W3.1): what a browser needs to
 * decrypt the body, named as autopush names them and Gecko's PushCrypto reads them.
 *
 * @param encoding   the request's {@code Content-Encoding}: {@code aes128gcm} or {@code aesgcm}
 * @param encryption the {@code Encryption} header, for {@code aesgcm} only; else null
 * @param cryptoKey  the {@code Crypto-Key} header, for {@code aesgcm} only; else null
 */
public record PushHeaders(String encoding, String encryption, @JsonProperty("crypto_key") String cryptoKey) {
    public static PushHeaders aes128gcm() {
        return new PushHeaders("aes128gcm", null, null);
    }
}
