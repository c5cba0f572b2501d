package dev.simplepush.schemas.token;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * One AES-GCM {@link Cipher} per thread for opening tokens. Every PUT opens one, and
 * {@code Cipher.getInstance} walks the security providers each time: that and the key schedule it
 * then rebuilds were 2–4 % of a saturated dev mode's CPU (docs/performance.md). A cipher is
 * re-initialised before each use, which is all GCM needs when decrypting; sealing keeps a cipher
 * per call, because GCM refuses to encrypt twice under one key and nonce and deterministic tokens
 * do exactly that.
 */
final class DecryptingCiphers {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(DecryptingCiphers::create);

    private DecryptingCiphers() {
    }

    /** This thread's cipher, to be initialised in {@link Cipher#DECRYPT_MODE} before use. */
    static Cipher get() {
        return CIPHERS.get();
    }

    private static Cipher create() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
