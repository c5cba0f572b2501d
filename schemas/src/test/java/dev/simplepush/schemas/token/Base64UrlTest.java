package dev.simplepush.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Base64UrlTest {

    @Test
    void bytesSurviveARoundTripWithoutPadding() {
        for (int length = 0; length < 10; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (0xfb + i * 37);
            }
            String text = Base64Url.encode(bytes);

            assertThat(text).doesNotContain("=", "/", "+");
            assertThat(Base64Url.decode(text)).hasValueSatisfying(decoded -> assertThat(decoded).isEqualTo(bytes));
        }
    }

    @Test
    void correctPaddingIsAcceptedAndWrongPaddingIsNot() {
        assertThat(Base64Url.decode("AQ==")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        assertThat(Base64Url.decode("AQI=")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
        assertThat(Base64Url.decode("AQ=")).isEmpty();
        assertThat(Base64Url.decode("AQI==")).isEmpty();
        assertThat(Base64Url.decode("AQID=")).isEmpty();
    }

    @Test
    void aSpellingWithUnusedBitsSetIsNotCanonicalAndIsRejected() {
        // "AQ" is 0x01; "AR" sets one of the four bits past the byte, which a lax decoder ignores.
        assertThat(Base64Url.decode("AQ")).isPresent();
        assertThat(Base64Url.decode("AR")).isEmpty();
        assertThat(Base64Url.decode("AR==")).isEmpty();
    }

    @Test
    void theStandardAlphabetNullAndImpossibleLengthsAreRejected() {
        assertThat(Base64Url.decode("+/+/")).isEmpty();
        assertThat(Base64Url.decode("A")).isEmpty();
        assertThat(Base64Url.decode("AQ.I")).isEmpty();
        assertThat(Base64Url.decode(null)).isEmpty();
        assertThat(Base64Url.decode("")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }
}
