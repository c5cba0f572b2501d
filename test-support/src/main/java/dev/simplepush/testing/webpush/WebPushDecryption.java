package dev.simplepush.testing.webpush;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user agent's side of Web Push message encryption, in plain JDK crypto, so a test device can
 * read what an independent library encrypted and compare bytes:
 * <ul>
 *   <li>{@code aes128gcm}: RFC 8291 keys with the RFC 8188 content coding (the salt, record size
 *       and sender key travel in the body's header);</li>
 *   <li>{@code aesgcm}: the older draft-ietf-webpush-encryption-04 keys with the
 *       draft-ietf-httpbis-encryption-encoding-03 coding, as npm web-push and Gecko still speak it
 *       (the salt and record size in the {@code Encryption} header, the sender key as {@code dh}
 *       in {@code Crypto-Key}, a two-byte padding length at the start of each record).</li>
 * </ul>
 * Several records are read (a record size smaller than the message), though libraries send one.
 */
public final class WebPushDecryption {
    private static final int TAG_BYTES = 16;
    private static final int SALT_BYTES = 16;
    private static final int AESGCM_DEFAULT_RECORD_SIZE = 4096;

    private WebPushDecryption() {
    }

    /** Decrypts by the notification's {@code headers}: {@code encoding}, and for aesgcm {@code encryption} and {@code crypto_key}. */
    public static byte[] decrypt(PushKeys keys, byte[] body, String encoding, String encryption, String cryptoKey)
            throws GeneralSecurityException {
        if ("aes128gcm".equals(encoding)) {
            return aes128gcm(keys, body);
        }
        if ("aesgcm".equals(encoding)) {
            return aesgcm(keys, body, encryption, cryptoKey);
        }
        throw new GeneralSecurityException("unknown content encoding: " + encoding);
    }

    /** RFC 8291 §3.4 and RFC 8188 §2: the body carries {@code salt || rs || idlen || keyid}, then the records. */
    public static byte[] aes128gcm(PushKeys keys, byte[] body) throws GeneralSecurityException {
        if (body.length < SALT_BYTES + 5) {
            throw new GeneralSecurityException("an aes128gcm body needs a 21-byte header at least, got " + body.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(body);
        byte[] salt = new byte[SALT_BYTES];
        header.get(salt);
        long recordSize = Integer.toUnsignedLong(header.getInt());
        int idlen = header.get() & 0xff;
        if (recordSize < TAG_BYTES + 2) {
            throw new GeneralSecurityException("record size " + recordSize + " leaves no room for data");
        }
        if (header.remaining() < idlen) {
            throw new GeneralSecurityException("the header's key id runs past the body");
        }
        byte[] senderPublic = new byte[idlen];
        header.get(senderPublic);

        byte[] ecdhSecret = P256.agree(keys.privateKey(), senderPublic);
        byte[] keyInfo = Hkdf.concat(ascii("WebPush: info\0"), keys.publicKey(), senderPublic);
        byte[] ikm = Hkdf.derive(keys.auth(), ecdhSecret, keyInfo, 32);
        byte[] prk = Hkdf.extract(salt, ikm);
        byte[] cek = Hkdf.expand(prk, ascii("Content-Encoding: aes128gcm\0"), 16);
        byte[] nonce = Hkdf.expand(prk, ascii("Content-Encoding: nonce\0"), 12);

        byte[] records = Arrays.copyOfRange(body, header.position(), body.length);
        if (records.length == 0) {
            throw new GeneralSecurityException("an aes128gcm body without records");
        }
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        int chunk = (int) Math.min(recordSize, Integer.MAX_VALUE);
        long sequence = 0;
        for (int start = 0; start < records.length; start += chunk, sequence++) {
            int end = Math.min(start + chunk, records.length);
            boolean last = end == records.length;
            byte[] padded = open(cek, nonce, sequence, Arrays.copyOfRange(records, start, end));
            // RFC 8188 §2: data || delimiter (1 in every record but the last, 2 in the last) || zeros
            int delimiter = padded.length - 1;
            while (delimiter >= 0 && padded[delimiter] == 0) {
                delimiter--;
            }
            if (delimiter < 0 || padded[delimiter] != (last ? 2 : 1)) {
                throw new GeneralSecurityException("record " + sequence + " has no padding delimiter " + (last ? 2 : 1));
            }
            plaintext.write(padded, 0, delimiter);
        }
        return plaintext.toByteArray();
    }

    /**
     * draft-ietf-webpush-encryption-04 §3 with draft-ietf-httpbis-encryption-encoding-03.
     *
     * @param encryption the {@code Encryption} header ({@code salt=…; rs=…})
     * @param cryptoKey  the {@code Crypto-Key} header ({@code dh=…}, perhaps with {@code p256ecdsa=…})
     */
    public static byte[] aesgcm(PushKeys keys, byte[] body, String encryption, String cryptoKey) throws GeneralSecurityException {
        Map<String, String> encryptionParams = parameters(encryption, "Encryption");
        Map<String, String> cryptoKeyParams = parameters(cryptoKey, "Crypto-Key");
        byte[] salt = PushKeys.decode(required(encryptionParams, "salt", "Encryption"), "salt");
        if (salt.length != SALT_BYTES) {
            throw new GeneralSecurityException("the salt is " + salt.length + " bytes, not " + SALT_BYTES);
        }
        int recordSize = recordSize(encryptionParams.get("rs"));
        byte[] senderPublic = PushKeys.decode(required(cryptoKeyParams, "dh", "Crypto-Key"), "dh key");

        byte[] ecdhSecret = P256.agree(keys.privateKey(), senderPublic);
        byte[] ikm = Hkdf.derive(keys.auth(), ecdhSecret, ascii("Content-Encoding: auth\0"), 32);
        // "P-256" 0x00, then each public key with a two-byte length, the receiver's (ours) first.
        byte[] context = Hkdf.concat(ascii("P-256\0"), lengthPrefixed(keys.publicKey()), lengthPrefixed(senderPublic));
        byte[] prk = Hkdf.extract(salt, ikm);
        byte[] cek = Hkdf.expand(prk, Hkdf.concat(ascii("Content-Encoding: aesgcm\0"), context), 16);
        byte[] nonce = Hkdf.expand(prk, Hkdf.concat(ascii("Content-Encoding: nonce\0"), context), 12);

        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        int chunk = recordSize + TAG_BYTES;
        if (body.length == 0 || body.length % chunk == 0) {
            // A message ending on a record boundary needs a final short record (possibly empty).
            throw new GeneralSecurityException("the aesgcm body is truncated: " + body.length + " bytes for records of " + chunk);
        }
        long sequence = 0;
        for (int start = 0; start < body.length; start += chunk, sequence++) {
            int end = Math.min(start + chunk, body.length);
            byte[] padded = open(cek, nonce, sequence, Arrays.copyOfRange(body, start, end));
            if (padded.length < 2) {
                throw new GeneralSecurityException("record " + sequence + " is shorter than its padding length");
            }
            int padding = ((padded[0] & 0xff) << 8) | (padded[1] & 0xff);
            if (2 + padding > padded.length) {
                throw new GeneralSecurityException("record " + sequence + " claims " + padding + " bytes of padding");
            }
            for (int i = 2; i < 2 + padding; i++) {
                if (padded[i] != 0) {
                    throw new GeneralSecurityException("record " + sequence + " has non-zero padding");
                }
            }
            plaintext.write(padded, 2 + padding, padded.length - 2 - padding);
        }
        return plaintext.toByteArray();
    }

    private static byte[] open(byte[] cek, byte[] nonce, long sequence, byte[] record) throws GeneralSecurityException {
        if (record.length <= TAG_BYTES) {
            throw new GeneralSecurityException("record " + sequence + " is too short: " + record.length + " bytes");
        }
        byte[] recordNonce = nonce.clone();
        for (int i = 0; i < 8; i++) {
            recordNonce[11 - i] ^= (byte) (sequence >>> (8 * i));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, recordNonce));
        return cipher.doFinal(record);
    }

    /**
     * The parameters of a header like {@code keyid="p256dh"; dh=BC…, p256ecdsa=…}: entries split on
     * {@code ,} and {@code ;}, values unquoted; the first occurrence of a name wins.
     */
    static Map<String, String> parameters(String header, String name) throws GeneralSecurityException {
        if (header == null || header.isBlank()) {
            throw new GeneralSecurityException("no " + name + " header");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String entry : header.split("[,;]")) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String value = entry.substring(equals + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            parameters.putIfAbsent(entry.substring(0, equals).trim().toLowerCase(Locale.ROOT), value);
        }
        return parameters;
    }

    private static String required(Map<String, String> parameters, String key, String header) throws GeneralSecurityException {
        String value = parameters.get(key);
        if (value == null) {
            throw new GeneralSecurityException("the " + header + " header has no " + key + "=");
        }
        return value;
    }

    private static int recordSize(String text) throws GeneralSecurityException {
        if (text == null) {
            return AESGCM_DEFAULT_RECORD_SIZE;
        }
        try {
            int recordSize = Integer.parseInt(text);
            if (recordSize < 2) {
                throw new GeneralSecurityException("rs=" + text + " leaves no room for the padding length");
            }
            return recordSize;
        } catch (NumberFormatException e) {
            throw new GeneralSecurityException("rs is not a number: " + text, e);
        }
    }

    private static byte[] lengthPrefixed(byte[] key) {
        return Hkdf.concat(new byte[] {(byte) (key.length >>> 8), (byte) key.length}, key);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
