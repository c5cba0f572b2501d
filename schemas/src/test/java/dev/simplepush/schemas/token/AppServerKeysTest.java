package dev.simplepush.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class AppServerKeysTest {
    static final byte[] KEY = key(7);

    static byte[] key(int seed) {
        byte[] key = new byte[65];
        key[0] = 0x04;
        for (int i = 1; i < key.length; i++) {
            key[i] = (byte) (i * 31 + seed);
        }
        return key;
    }

    @Test
    void aPaddedAndAnUnpaddedKeyBothParseToTheSameBytes() {
        String padded = Base64.getUrlEncoder().encodeToString(KEY);
        String unpadded = Base64Url.encode(KEY);

        assertThat(padded).endsWith("=");
        assertThat(AppServerKeys.parse(padded)).hasValueSatisfying(k -> assertThat(k).isEqualTo(KEY));
        assertThat(AppServerKeys.parse(unpadded)).hasValueSatisfying(k -> assertThat(k).isEqualTo(KEY));
    }

    @Test
    void aKeyOfTheWrongLengthOrNotUncompressedOrNotBase64urlIsInvalid() {
        byte[] compressed = KEY.clone();
        compressed[0] = 0x02;

        assertThat(AppServerKeys.parse(Base64Url.encode(new byte[64]))).isEmpty();
        assertThat(AppServerKeys.parse(Base64Url.encode(java.util.Arrays.copyOf(KEY, 66)))).isEmpty();
        assertThat(AppServerKeys.parse(Base64Url.encode(compressed))).isEmpty();
        assertThat(AppServerKeys.parse(Base64.getEncoder().encodeToString(KEY).replace('-', '+') + "+/")).isEmpty();
        assertThat(AppServerKeys.parse("")).isEmpty();
    }

    @Test
    void theHashIsSha256OfTheKeyBytes() throws Exception {
        assertThat(AppServerKeys.sha256(KEY))
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(KEY))
                .hasSize(32);
    }
}
