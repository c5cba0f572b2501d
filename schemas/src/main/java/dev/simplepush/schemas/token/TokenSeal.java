package dev.simplepush.schemas.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM under the endpoint token keys (spec §10.2, §10.3) for the token kinds Web Push adds.
 * Each kind seals with its own additional authenticated data, so a token of one kind never opens
 * as another (a message id is no endpoint, a restricted token no unrestricted one), while all of
 * them share the keys and their rotation: the first key seals, every key is tried when opening.
 *
 * <p>The nonce is random, or, for tokens that must be the same each time they are made
 * (message ids of a topic, spec W4.6), derived from the plaintext with HMAC-SHA-256 under a key
 * derived from the AES key: equal plaintexts then give equal tokens, which is the point, and
 * different plaintexts still get different nonces (the synthetic-IV construction).
 *
 * <p>Thread-safe: a {@link Cipher} and a {@link Mac} are made per seal, and opening uses this
 * thread's cipher ({@link DecryptingCiphers}).
 */
final class TokenSeal {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NONCE_KEY_LABEL = "simplepush token nonce key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] aad;
    private final List<SecretKey> keys;
    private final SecretKey nonceKey;

    TokenSeal(List<SecretKey> keys, String purpose) {
        this.aad = purpose.getBytes(StandardCharsets.US_ASCII);
        this.keys = List.copyOf(keys);
        this.nonceKey = deriveNonceKey(keys.get(0));
    }

    /** base64url(nonce‖ciphertext‖tag) with a random nonce. */
    String seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return seal(nonce, plain);
    }

    /** The same token for the same plaintext (until the first key changes). */
    String sealDeterministic(byte[] plain) {
        return seal(Arrays.copyOf(hmac(nonceKey, plain), NONCE_BYTES), plain);
    }

    /** The plaintext, or empty for anything that is not canonical base64url or fails every key. */
    Optional<byte[]> open(String token) {
        byte[] raw = Base64Url.decode(token).orElse(null);
        if (raw == null || raw.length <= NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES);
        for (SecretKey key : keys) {
            try {
                Cipher cipher = DecryptingCiphers.get();
                cipher.init(Cipher.DECRYPT_MODE, key, spec);
                cipher.updateAAD(aad);
                return Optional.of(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES));
            } catch (GeneralSecurityException e) {
                // the tag failed under this key: try the next one
            }
        }
        return Optional.empty();
    }

    private String seal(byte[] nonce, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain);
            return Base64Url.encode(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Never the AES key itself: one key, one use. */
    private static SecretKey deriveNonceKey(SecretKey aesKey) {
        return new SecretKeySpec(hmac(new SecretKeySpec(aesKey.getEncoded(), "HmacSHA256"), NONCE_KEY_LABEL),
                "HmacSHA256");
    }

    private static byte[] hmac(SecretKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
