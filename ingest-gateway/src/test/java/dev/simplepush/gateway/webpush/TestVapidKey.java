package dev.simplepush.gateway.webpush;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.simplepush.schemas.token.Base64Url;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;

/** An application server's VAPID key pair, made with the JDK, signing JWTs as a sender would. */
public final class TestVapidKey {
    public static final String AUDIENCE = "https://push.example.com";
    public static final String SUBJECT = "mailto:ops@example.com";

    private final KeyPair pair;
    private final byte[] publicKey;

    public TestVapidKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        publicKey = new byte[65];
        publicKey[0] = 0x04;
        copy32(key.getW().getAffineX(), publicKey, 1);
        copy32(key.getW().getAffineY(), publicKey, 33);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyText() {
        return Base64Url.encode(publicKey);
    }

    /** A JWT with the usual claims: this audience, this subject, expiring at {@code exp}. */
    public String jwt(Instant exp) {
        return sign(claims(AUDIENCE, exp, SUBJECT));
    }

    public static JWTClaimsSet claims(String aud, Instant exp, String sub) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        if (aud != null) {
            builder.audience(aud);
        }
        if (exp != null) {
            builder.expirationTime(Date.from(exp));
        }
        if (sub != null) {
            builder.subject(sub);
        }
        return builder.build();
    }

    public String sign(JWTClaimsSet claims) {
        try {
            return sign(claims, JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) pair.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims, HMAC-signed: a JWT whose alg is not ES256. */
    static String signHs256(JWTClaimsSet claims) {
        try {
            return sign(claims, JWSAlgorithm.HS256, new MACSigner(new byte[32]));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** {@code Authorization: vapid t=…, k=…}. */
    public String vapidHeader(String jwt) {
        return "vapid t=" + jwt + ", k=" + publicKeyText();
    }

    private static void copy32(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int start = Math.max(0, bytes.length - 32);
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + 32 - length, length);
    }
}
