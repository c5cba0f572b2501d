package dev.simplepush.testing.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * NIST P-256 in the raw forms Web Push writes keys in: a public key is the 65-byte uncompressed
 * point (0x04 || x || y), a private key the 32-byte big-endian scalar. JDK crypto only.
 */
final class P256 {
    static final int PUBLIC_BYTES = 65;
    static final int PRIVATE_BYTES = 32;
    private static final ECParameterSpec CURVE = curve();

    private P256() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }

    static byte[] encode(PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[PUBLIC_BYTES];
        out[0] = 0x04;
        unsigned(w.getAffineX(), out, 1);
        unsigned(w.getAffineY(), out, 33);
        return out;
    }

    static byte[] encode(PrivateKey key) {
        byte[] out = new byte[PRIVATE_BYTES];
        unsigned(((ECPrivateKey) key).getS(), out, 0);
        return out;
    }

    static PublicKey publicKey(byte[] point) throws GeneralSecurityException {
        if (point.length != PUBLIC_BYTES || point[0] != 0x04) {
            throw new GeneralSecurityException("not an uncompressed P-256 point: " + point.length + " bytes");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, CURVE));
    }

    static PrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        if (scalar.length != PRIVATE_BYTES) {
            throw new GeneralSecurityException("not a P-256 private scalar: " + scalar.length + " bytes");
        }
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), CURVE));
    }

    /** The ECDH shared secret: the x coordinate, 32 bytes. */
    static byte[] agree(PrivateKey own, byte[] peerPoint) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(publicKey(peerPoint), true);
        return agreement.generateSecret();
    }

    private static void unsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        // toByteArray may add a sign byte or be shorter than 32 bytes: right-align its last 32.
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    private static ECParameterSpec curve() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }
}
