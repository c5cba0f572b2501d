package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The order of the gateway's decisions on a POST; W8 checklist items 9 (forged token), 10 (the
 * 201's Location and TTL), 21 (forged message id), 24 (both VAPID forms) and 26 (restricted
 * subscriptions, VAPID part).
 */
class PostDeciderTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final WebPushSettings SETTINGS = new WebPushSettings(URI.create("https://push.example.com/"),
            2_592_000, 4096, 100);

    private final EndpointTokens endpointTokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
    private final SubscriptionTokens tokens = new SubscriptionTokens(endpointTokens);
    private final MutableClock clock = new MutableClock(NOW);
    private final PostDecider decider = PostDecider.from(SETTINGS, endpointTokens, clock);
    private final TestVapidKey sender = new TestVapidKey();
    private final TestVapidKey other = new TestVapidKey();

    private static RequestHeaders headers(String... pairs) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return RequestHeaders.of(headers);
    }

    private String vapid(TestVapidKey key) {
        return key.vapidHeader(key.jwt(NOW.plus(Duration.ofHours(12))));
    }

    private static void assertRejected(ThrowingCallable call, int status, int errno) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
            assertThat(rejection.error().status()).isEqualTo(status);
            assertThat(rejection.error().errno()).isEqualTo(errno);
        });
    }

    @Test
    void aForgedTokenGets404Errno102() {
        String forged = new SubscriptionTokens(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encode(UAID, CHID);

        assertRejected(() -> decider.authorize(forged, headers(), -1), 404, 102);
        assertRejected(() -> decider.authorize("garbage", headers("Authorization", vapid(sender)), -1), 404, 102);
    }

    @Test
    void anUnrestrictedSubscriptionAcceptsAPostWithoutVapid() throws Exception {
        AuthorizedPost authorized = decider.authorize(tokens.encode(UAID, CHID), headers(), -1);

        assertThat(authorized.subscription().address()).isEqualTo(new EndpointAddress(UAID, CHID));
        assertThat(authorized.vapid()).isEmpty();
    }

    @Test
    void anUnrestrictedSubscriptionChecksVapidWhenPresent() throws Exception {
        String token = tokens.encode(UAID, CHID);
        String expired = sender.vapidHeader(sender.jwt(NOW.minus(Duration.ofHours(1))));

        assertThat(decider.authorize(token, headers("Authorization", vapid(sender)), -1).vapid()).isPresent();
        assertRejected(() -> decider.authorize(token, headers("Authorization", expired), -1), 401, 109);
    }

    @Test
    void aRestrictedSubscriptionWithoutVapidGets401Errno109() {
        String token = tokens.encodeRestricted(UAID, CHID, sender.publicKey());

        assertThatThrownBy(() -> decider.authorize(token, headers(), -1))
                .isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
                    assertThat(rejection.error().status()).isEqualTo(401);
                    assertThat(rejection.error().errno()).isEqualTo(109);
                    assertThat(rejection.vapidRule()).contains(VapidRule.REQUIRED);
                });
    }

    @Test
    void aRestrictedSubscriptionSentToWithAnotherKeysValidVapidGets403Errno109() {
        String token = tokens.encodeRestricted(UAID, CHID, sender.publicKey());

        assertThatThrownBy(() -> decider.authorize(token, headers("Authorization", vapid(other)), -1))
                .isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
                    assertThat(rejection.error().status()).isEqualTo(403);
                    assertThat(rejection.error().errno()).isEqualTo(109);
                    assertThat(rejection.vapidRule()).contains(VapidRule.KEY_MISMATCH);
                });
    }

    @Test
    void aRestrictedSubscriptionAcceptsItsOwnKeyInTheVapidForm() throws Exception {
        String token = tokens.encodeRestricted(UAID, CHID, sender.publicKey());

        AuthorizedPost authorized = decider.authorize(token, headers("Authorization", vapid(sender)), -1);

        assertThat(authorized.subscription().restricted()).isTrue();
        assertThat(authorized.vapid().orElseThrow().publicKey()).isEqualTo(sender.publicKey());
    }

    @Test
    void aRestrictedSubscriptionAcceptsItsOwnKeyInTheWebPushForm() throws Exception {
        String token = tokens.encodeRestricted(UAID, CHID, sender.publicKey());
        String jwt = sender.jwt(NOW.plus(Duration.ofHours(1)));

        AuthorizedPost authorized = decider.authorize(token, headers("Authorization", "WebPush " + jwt,
                "Crypto-Key", "dh=BCDE;p256ecdsa=" + java.util.Base64.getUrlEncoder().encodeToString(sender.publicKey())),
                -1);

        assertThat(authorized.vapid().orElseThrow().subject()).isEqualTo(TestVapidKey.SUBJECT);
    }

    @Test
    void aRestrictedSubscriptionRefusesABadJwtWith401EvenFromItsOwnKey() {
        String token = tokens.encodeRestricted(UAID, CHID, sender.publicKey());
        String wrongAudience = sender.vapidHeader(sender.sign(TestVapidKey.claims("https://elsewhere.example",
                NOW.plusSeconds(600), TestVapidKey.SUBJECT)));

        assertRejected(() -> decider.authorize(token, headers("Authorization", wrongAudience), -1), 401, 109);
    }

    @Test
    void vapidIsCheckedBeforeTheDeclaredSizeAndTheSizeBeforeTheBodyIsRead() {
        String restricted = tokens.encodeRestricted(UAID, CHID, sender.publicKey());
        String unrestricted = tokens.encode(UAID, CHID);

        assertRejected(() -> decider.authorize(restricted, headers(), 5000), 401, 109);
        assertRejected(() -> decider.authorize(unrestricted, headers(), 4097), 413, 104);
    }

    @Test
    void anAcceptedPostHasAMessageIdItsLocationAndTheTtlUsed() throws Exception {
        AuthorizedPost authorized = decider.authorize(tokens.encode(UAID, CHID), headers(), -1);

        AcceptedPost post = decider.accept(authorized, headers("TTL", "99999999"), new byte[0]);

        assertThat(post.messageId()).matches("[A-Za-z0-9_-]+");
        assertThat(post.location()).isEqualTo("https://push.example.com/m/" + post.messageId());
        assertThat(post.ttlHeader()).isEqualTo("2592000");
        assertThat(post.messageRef().kind()).isEqualTo(MessageRef.Kind.UNIQUE);
        assertThat(new MessageIds(endpointTokens).decode(post.messageId())).contains(post.messageRef());
    }

    @Test
    void aMessageWithATopicHasTheSameIdAsTheOneItReplaces() throws Exception {
        AuthorizedPost authorized = decider.authorize(tokens.encode(UAID, CHID), headers(), -1);

        AcceptedPost first = decider.accept(authorized, headers("TTL", "60", "Topic", "news"), new byte[0]);
        AcceptedPost second = decider.accept(authorized, headers("TTL", "60", "Topic", "news"), new byte[0]);
        AcceptedPost untopical = decider.accept(authorized, headers("TTL", "60"), new byte[0]);

        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(first.messageRef()).isEqualTo(MessageRef.topic(UAID, CHID, "news"));
        assertThat(untopical.messageId()).isNotEqualTo(first.messageId())
                .isNotEqualTo(decider.accept(authorized, headers("TTL", "60"), new byte[0]).messageId());
    }

    @Test
    void theBodyRulesAreCheckedWhenTheBodyArrives() throws Exception {
        AuthorizedPost authorized = decider.authorize(tokens.encode(UAID, CHID), headers(), -1);

        assertRejected(() -> decider.accept(authorized, headers(), new byte[0]), 400, 111);
        assertRejected(() -> decider.accept(authorized, headers("TTL", "60"), new byte[4097]), 413, 104);
        assertThat(decider.maxPayloadBytes()).isEqualTo(4096);
        assertThat(decider.tooLarge().error()).isEqualTo(WebPushError.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aMessageIdCancelsTheMessageItNamesAndAForgedOneGets404Errno102() throws Exception {
        AuthorizedPost authorized = decider.authorize(tokens.encode(UAID, CHID), headers(), -1);
        AcceptedPost post = decider.accept(authorized, headers("TTL", "60", "Topic", "news"), new byte[0]);
        String forged = new MessageIds(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encode(MessageRef.topic(UAID, CHID, "news"));

        assertThat(decider.cancel(post.messageId())).isEqualTo(MessageRef.topic(UAID, CHID, "news"));
        assertRejected(() -> decider.cancel(forged), 404, 102);
        assertRejected(() -> decider.cancel(tokens.encode(UAID, CHID)), 404, 102);
    }
}
