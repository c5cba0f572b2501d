package dev.simplepush.schemas.token;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Endpoint tokens of spec §10: AES-GCM over {@code <uaid>.<chid>} with a random 96-bit nonce,
 * encoded as base64url({@code nonce‖ciphertext‖tag}) without padding. The first key encrypts;
 * every key is tried when decoding, so keys can be rotated without breaking issued endpoints.
 *
 * <p>Thread-safe: a {@link Cipher} is made per seal and kept per thread for opening (they are
 * not shareable; see {@link DecryptingCiphers}).
 */
public final class EndpointTokens {
    public static final String KEYS_SETTING = "token.keys";
    private static final Logger LOG = LoggerFactory.getLogger(EndpointTokens.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SecretKey> keys;

    public EndpointTokens(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalConfigurationException(KEYS_SETTING, "at least one key is needed");
        }
        List<SecretKey> parsed = new ArrayList<>();
        for (byte[] key : keys) {
            if (key.length != 16 && key.length != 32) {
                throw new IllegalConfigurationException(KEYS_SETTING,
                        "each key must be 16 or 32 bytes (128 or 256 bits), got " + key.length);
            }
            parsed.add(new SecretKeySpec(key.clone(), "AES"));
        }
        this.keys = List.copyOf(parsed);
    }

    /** The keys, first the one that encrypts: the Web Push tokens of this package share them. */
    List<SecretKey> keys() {
        return keys;
    }

    /** Keys as base64url strings (padding optional), in order. */
    public static EndpointTokens fromBase64(List<String> keys) {
        List<byte[]> decoded = new ArrayList<>();
        for (String key : keys) {
            try {
                decoded.add(Base64.getUrlDecoder().decode(key.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalConfigurationException(KEYS_SETTING, "a key is not valid base64url");
            }
        }
        return new EndpointTokens(decoded);
    }

    /**
     * The configured keys or, when there are none, one generated for this process (spec §10.3)
     * with a warning: such endpoints die with the process and no other service can read them.
     */
    public static EndpointTokens fromSettingOrGenerated(List<String> keys) {
        if (!keys.isEmpty()) {
            return fromBase64(keys);
        }
        LOG.warn("{} (env {}) is not set: generated a key for this run only. Endpoints will not survive a "
                + "restart, and every gateway and delivery node must be given the same keys",
                KEYS_SETTING, ConfigSource.envName(KEYS_SETTING));
        return fromBase64(List.of(generateKey()));
    }

    /** A fresh random 256-bit key, base64url without padding. */
    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public String encode(String uaid, String channelId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] plain = (uaid + "." + channelId).getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            byte[] token = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The address a token names, or empty for any failure; callers must not say which (spec §10.4). */
    public Optional<EndpointAddress> decode(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!isCanonical(token, raw)) {
            return Optional.empty();
        }
        if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES);
        for (SecretKey key : keys) {
            try {
                Cipher cipher = DecryptingCiphers.get();
                cipher.init(Cipher.DECRYPT_MODE, key, spec);
                byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
                return parse(new String(plain, StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                // the tag failed under this key: try the next one
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code token} is the one spelling of {@code raw}, with or without its padding. The
     * JDK decoder ignores the unused low bits of the last character, so without this check up to
     * 16 strings would name one token (spec §10.2: one encoding; padding is the only variation).
     */
    private static boolean isCanonical(String token, byte[] raw) {
        String canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        int unpadded = token.length();
        while (unpadded > 0 && token.charAt(unpadded - 1) == '=') {
            unpadded--;
        }
        // The decoder has already refused padding of the wrong length.
        return unpadded == canonical.length() && token.regionMatches(0, canonical, 0, unpadded);
    }

    private static Optional<EndpointAddress> parse(String plain) {
        int dot = plain.indexOf('.');
        if (dot <= 0 || dot == plain.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new EndpointAddress(plain.substring(0, dot), plain.substring(dot + 1)));
    }
}
