package dev.simplepush.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTokensTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    private final String oldKey = EndpointTokens.generateKey();
    private final String newKey = EndpointTokens.generateKey();
    private final EndpointTokens tokens = EndpointTokens.fromBase64(List.of(newKey, oldKey));

    @Test
    void aTokenDecodesToTheAddressItWasMadeFor() {
        String token = tokens.encode(UAID, CHID);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.decode(token)).contains(new EndpointAddress(UAID, CHID));
    }

    @Test
    void eachEncodingUsesAFreshNonce() {
        assertThat(tokens.encode(UAID, CHID)).isNotEqualTo(tokens.encode(UAID, CHID));
    }

    @Test
    void everyFlippedBitIsRejected() {
        byte[] raw = Base64.getUrlDecoder().decode(tokens.encode(UAID, CHID));
        for (int i = 0; i < raw.length * 8; i++) {
            byte[] tampered = raw.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThat(tokens.decode(token)).as("bit %d flipped", i).isEmpty();
        }
    }

    @Test
    void truncatedGarbageAndEmptyTokensAreRejected() {
        String token = tokens.encode(UAID, CHID);

        assertThat(tokens.decode(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(tokens.decode(token.substring(0, 20))).isEmpty();
        assertThat(tokens.decode("not/base64!")).isEmpty();
        assertThat(tokens.decode("")).isEmpty();
    }

    @Test
    void aTokenMadeUnderTheOldKeyStillDecodesAfterRotation() {
        String issuedBefore = EndpointTokens.fromBase64(List.of(oldKey)).encode(UAID, CHID);

        assertThat(tokens.decode(issuedBefore)).contains(new EndpointAddress(UAID, CHID));
    }

    @Test
    void aThreadKeepsOpeningTokensAfterOnesThatFailedOrNeededTheOldKey() {
        String current = tokens.encode(UAID, CHID);
        String old = EndpointTokens.fromBase64(List.of(oldKey)).encode(UAID, "other");
        String foreign = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())).encode(UAID, CHID);

        // One thread, one cipher for opening: a tag that failed must not spoil the next token.
        for (int i = 0; i < 3; i++) {
            assertThat(tokens.decode(foreign)).isEmpty();
            assertThat(tokens.decode(old)).contains(new EndpointAddress(UAID, "other"));
            assertThat(tokens.decode(current)).contains(new EndpointAddress(UAID, CHID));
        }
    }

    @Test
    void newTokensUseTheFirstKey() {
        String token = tokens.encode(UAID, CHID);

        assertThat(EndpointTokens.fromBase64(List.of(newKey)).decode(token)).isPresent();
        assertThat(EndpointTokens.fromBase64(List.of(oldKey)).decode(token)).isEmpty();
    }

    @Test
    void aTokenFromAnUnknownKeyIsRejected() {
        String foreign = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())).encode(UAID, CHID);

        assertThat(tokens.decode(foreign)).isEmpty();
    }

    @Test
    void paddedBase64IsAlsoAccepted() {
        String token = tokens.encode(UAID, CHID);
        String padded = token + "=".repeat((4 - token.length() % 4) % 4);

        assertThat(tokens.decode(padded)).contains(new EndpointAddress(UAID, CHID));
    }

    @Test
    void aTokenHasOneSpellingSoChangingTheUnusedLowBitsOfItsLastCharacterIsRejected() {
        String token = tokens.encode(UAID, CHID);
        int unusedBits = unusedLowBits(token);
        assertThat(unusedBits).as("a 97-byte token leaves unused bits in its last character").isPositive();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        for (int low = 1; low < 1 << unusedBits; low++) {
            String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(last | low);
            assertThat(Base64.getUrlDecoder().decode(respelled)).as("the same bytes")
                    .isEqualTo(Base64.getUrlDecoder().decode(token));
            assertThat(tokens.decode(respelled)).as("low bits %d", low).isEmpty();
            assertThat(tokens.decode(respelled + "=".repeat((4 - respelled.length() % 4) % 4)))
                    .as("low bits %d, padded", low).isEmpty();
        }
    }

    @Test
    void paddingIsAcceptedOnlyWhenItIsTheRightPadding() {
        String token = tokens.encode(UAID, CHID);
        int padding = (4 - token.length() % 4) % 4;

        assertThat(tokens.decode(token + "=".repeat(padding + 1))).isEmpty();
        assertThat(tokens.decode(token + "=".repeat(padding) + "A")).isEmpty();
    }

    /** 2 unused bits when the last group has 3 characters, 4 when it has 2. */
    private static int unusedLowBits(String unpadded) {
        return switch (unpadded.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
    }

    @Test
    void keysOfTheWrongLengthAreRefusedAtStartUp() {
        String shortKey = Base64.getUrlEncoder().encodeToString(new byte[10]);

        assertThatThrownBy(() -> EndpointTokens.fromBase64(List.of(shortKey)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("SIMPLEPUSH_TOKEN_KEYS");
    }
}
