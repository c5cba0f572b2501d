package dev.simplepush.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    private final String oldKey = EndpointTokens.generateKey();
    private final String newKey = EndpointTokens.generateKey();
    private final EndpointTokens endpointTokens = EndpointTokens.fromBase64(List.of(newKey, oldKey));
    private final MessageIds ids = new MessageIds(endpointTokens);

    @Test
    void eachKindOfMessageIdDecodesToWhatItWasMadeFrom() {
        for (MessageRef ref : List.of(MessageIds.newUnique(UAID, CHID), MessageRef.topic(UAID, CHID, "weather_Zurich-2"),
                MessageRef.version(UAID, CHID, 1_733_500_000_123L), MessageRef.topic(UAID, CHID, "a".repeat(32)))) {
            String id = ids.encode(ref);

            assertThat(id).as("%s", ref).matches("[A-Za-z0-9_-]+").doesNotContain("/");
            assertThat(ids.decode(id)).as("%s", ref).contains(ref);
        }
    }

    @Test
    void aChannelIdWithDotsSurvivesTheRoundTrip() {
        MessageRef ref = MessageRef.topic(UAID, "a.b.c", "news");

        assertThat(ids.decode(ids.encode(ref))).contains(ref);
    }

    @Test
    void theIdOfATopicIsStablePerChannelAndTopic() {
        String first = ids.encode(MessageRef.topic(UAID, CHID, "news"));

        assertThat(ids.encode(MessageRef.topic(UAID, CHID, "news"))).isEqualTo(first);
        assertThat(new MessageIds(EndpointTokens.fromBase64(List.of(newKey))).encode(MessageRef.topic(UAID, CHID, "news")))
                .as("another instance with the same keys").isEqualTo(first);
        assertThat(ids.encode(MessageRef.topic(UAID, CHID, "sport"))).isNotEqualTo(first);
        assertThat(ids.encode(MessageRef.topic(UAID, "2c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57", "news"))).isNotEqualTo(first);
    }

    @Test
    void messagesWithoutATopicGetDifferentIds() {
        assertThat(ids.encode(MessageIds.newUnique(UAID, CHID))).isNotEqualTo(ids.encode(MessageIds.newUnique(UAID, CHID)));
    }

    @Test
    void anIdMadeUnderTheOldKeyStillDecodesAfterRotation() {
        MessageRef ref = MessageRef.topic(UAID, CHID, "news");
        String issuedBefore = new MessageIds(EndpointTokens.fromBase64(List.of(oldKey))).encode(ref);

        assertThat(ids.decode(issuedBefore)).contains(ref);
    }

    @Test
    void anIdFromAnUnknownKeyIsForgedAndRejected() {
        String foreign = new MessageIds(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encode(MessageRef.topic(UAID, CHID, "news"));

        assertThat(ids.decode(foreign)).isEmpty();
    }

    @Test
    void everyFlippedBitIsRejected() {
        byte[] raw = Base64Url.decode(ids.encode(MessageIds.newUnique(UAID, CHID))).orElseThrow();
        for (int i = 0; i < raw.length * 8; i++) {
            byte[] tampered = raw.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(ids.decode(Base64Url.encode(tampered))).as("bit %d flipped", i).isEmpty();
        }
    }

    @Test
    void messageIdsAndEndpointTokensNeverOpenAsEachOther() {
        String endpoint = endpointTokens.encode(UAID, CHID);
        String restricted = new SubscriptionTokens(endpointTokens).encodeRestricted(UAID, CHID, AppServerKeysTest.key(3));
        String messageId = ids.encode(MessageRef.topic(UAID, CHID, "news"));

        assertThat(ids.decode(endpoint)).isEmpty();
        assertThat(ids.decode(restricted)).isEmpty();
        assertThat(endpointTokens.decode(messageId)).isEmpty();
        assertThat(new SubscriptionTokens(endpointTokens).decode(messageId)).isEmpty();
    }

    @Test
    void garbageTruncatedAndEmptyIdsAreRejected() {
        String id = ids.encode(MessageIds.newUnique(UAID, CHID));

        assertThat(ids.decode(id.substring(0, id.length() - 2))).isEmpty();
        assertThat(ids.decode("a/b")).isEmpty();
        assertThat(ids.decode("")).isEmpty();
    }

    @Test
    void aKeyOutsideTheBase64urlAlphabetOrTooLongCannotNameAMessage() {
        assertThatThrownBy(() -> MessageRef.topic(UAID, CHID, "a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageRef.topic(UAID, CHID, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageRef.topic(UAID, CHID, "x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageRef.topic("a.b", CHID, "news")).isInstanceOf(IllegalArgumentException.class);
    }
}
