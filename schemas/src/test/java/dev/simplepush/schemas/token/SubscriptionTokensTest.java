package dev.simplepush.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTokensTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final EndpointAddress ADDRESS = new EndpointAddress(UAID, CHID);
    private static final byte[] KEY = AppServerKeysTest.key(1);
    private static final byte[] OTHER_KEY = AppServerKeysTest.key(2);

    private final String oldKey = EndpointTokens.generateKey();
    private final String newKey = EndpointTokens.generateKey();
    private final EndpointTokens endpointTokens = EndpointTokens.fromBase64(List.of(newKey, oldKey));
    private final SubscriptionTokens tokens = new SubscriptionTokens(endpointTokens);

    @Test
    void aRestrictedTokenDecodesToItsChannelAndIsBoundToItsKeyAlone() {
        String token = tokens.encodeRestricted(UAID, CHID, KEY);

        Subscription subscription = tokens.decode(token).orElseThrow();
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(subscription.address()).isEqualTo(ADDRESS);
        assertThat(subscription.restricted()).isTrue();
        assertThat(subscription.keyHash()).isEqualTo(AppServerKeys.sha256(KEY));
        assertThat(subscription.boundTo(KEY)).isTrue();
        assertThat(subscription.boundTo(OTHER_KEY)).isFalse();
    }

    @Test
    void anUnrestrictedTokenIsExactlyAnEndpointTokenAndDecodesUnrestricted() {
        String token = tokens.encode(UAID, CHID);

        assertThat(endpointTokens.decode(token)).contains(ADDRESS);
        assertThat(tokens.decode(token)).contains(Subscription.unrestricted(ADDRESS));
        assertThat(tokens.decode(token).orElseThrow().boundTo(KEY)).isFalse();
    }

    @Test
    void tokensIssuedBeforeWebPushKeepWorkingAsUnrestricted() {
        String issuedBefore = EndpointTokens.fromBase64(List.of(oldKey)).encode(UAID, CHID);

        assertThat(tokens.decode(issuedBefore)).contains(Subscription.unrestricted(ADDRESS));
    }

    @Test
    void aRestrictedTokenIsNeverAcceptedWhereOnlyUnrestrictedTokensAreKnown() {
        String token = tokens.encodeRestricted(UAID, CHID, KEY);

        assertThat(endpointTokens.decode(token)).isEmpty();
    }

    @Test
    void aRestrictedTokenMadeUnderTheOldKeyStillDecodesAfterRotation() {
        String issuedBefore = new SubscriptionTokens(EndpointTokens.fromBase64(List.of(oldKey)))
                .encodeRestricted(UAID, CHID, KEY);

        assertThat(tokens.decode(issuedBefore)).hasValueSatisfying(s -> assertThat(s.boundTo(KEY)).isTrue());
    }

    @Test
    void aRestrictedTokenFromAnUnknownKeyIsRejected() {
        String foreign = new SubscriptionTokens(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encodeRestricted(UAID, CHID, KEY);

        assertThat(tokens.decode(foreign)).isEmpty();
    }

    @Test
    void everyFlippedBitOfARestrictedTokenIsRejected() {
        byte[] raw = Base64Url.decode(tokens.encodeRestricted(UAID, CHID, KEY)).orElseThrow();
        for (int i = 0; i < raw.length * 8; i++) {
            byte[] tampered = raw.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(tokens.decode(Base64Url.encode(tampered))).as("bit %d flipped", i).isEmpty();
        }
    }

    @Test
    void truncatedGarbageAndNonCanonicalTokensAreRejected() {
        String token = tokens.encodeRestricted(UAID, CHID, KEY);

        assertThat(tokens.decode(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(tokens.decode(token.substring(0, 30))).isEmpty();
        assertThat(tokens.decode("not/base64!")).isEmpty();
        assertThat(tokens.decode("")).isEmpty();
    }

    @Test
    void aKeyThatIsNotAnUncompressedP256PointCannotRestrictASubscription() {
        assertThatThrownBy(() -> tokens.encodeRestricted(UAID, CHID, new byte[65]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.encodeRestricted(UAID, CHID, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscriptionsCompareByValueAndNeverShowTheWholeHash() {
        Subscription a = tokens.decode(tokens.encodeRestricted(UAID, CHID, KEY)).orElseThrow();
        Subscription b = tokens.decode(tokens.encodeRestricted(UAID, CHID, KEY)).orElseThrow();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Subscription.unrestricted(ADDRESS));
        assertThat(a.toString()).doesNotContain(Base64Url.encode(AppServerKeys.sha256(KEY)));
    }
}
