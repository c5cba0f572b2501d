package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.gateway.webpush.VapidCredentials.Form;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Spec W7.2, the gateway's part. */
class WebPushMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VapidVerifier verifier = new VapidVerifier(TestVapidKey.AUDIENCE, new MutableClock(NOW), 10);
    private final WebPushMetrics metrics = new WebPushMetrics(registry, verifier);

    private double count(MetricName metric, String tag) {
        return registry.get(metric.meterName()).tag(metric.tagKey(), tag).counter().count();
    }

    private double functionCount(String source) {
        return registry.get(MetricName.GATEWAY_VAPID_CHECKS.meterName())
                .tag(MetricName.GATEWAY_VAPID_CHECKS.tagKey(), source).functionCounter().count();
    }

    @Test
    void theTagValuesInMetricNameAreExactlyTheOutcomesAndRulesOfThisPackage() {
        assertThat(MetricName.GATEWAY_WEBPUSH_POSTS.tagValues()).containsExactlyElementsOf(Stream.concat(
                Stream.of(WebPushMetrics.CREATED), Arrays.stream(WebPushError.values()).map(WebPushError::metricTag)).toList());
        assertThat(MetricName.GATEWAY_VAPID_FAILURES.tagValues())
                .containsExactlyElementsOf(Arrays.stream(VapidRule.values()).map(VapidRule::metricTag).toList());
    }

    @Test
    void anAcceptedPostCountsAsCreatedWithItsPayloadBytes() {
        AcceptedPost post = new AcceptedPost(Subscription.unrestricted(new EndpointAddress("u", "c")), Optional.empty(),
                new WebPushMessage(60, Optional.empty(), Urgency.NORMAL, Optional.of(ContentEncoding.AES128GCM), null,
                        null, new byte[300]),
                MessageRef.unique("u", "c", "x"), "id", "https://push.example.com/m/id");

        metrics.created(post);
        metrics.created(post);

        assertThat(count(MetricName.GATEWAY_WEBPUSH_POSTS, "created")).isEqualTo(2);
        assertThat(registry.get(MetricName.GATEWAY_WEBPUSH_PAYLOAD_BYTES.meterName()).counter().count()).isEqualTo(600);
    }

    @Test
    void aRejectionCountsByKindAndAVapidFailureAlsoByRule() {
        metrics.rejected(new WebPushRejection(WebPushError.TTL_MISSING, "Missing TTL header"));
        metrics.rejected(WebPushRejection.vapid(VapidRule.EXPIRED));
        metrics.rejected(WebPushRejection.vapid(VapidRule.KEY_MISMATCH));

        assertThat(count(MetricName.GATEWAY_WEBPUSH_POSTS, "ttl_missing")).isEqualTo(1);
        assertThat(count(MetricName.GATEWAY_WEBPUSH_POSTS, "vapid_unauthorized")).isEqualTo(1);
        assertThat(count(MetricName.GATEWAY_WEBPUSH_POSTS, "vapid_forbidden")).isEqualTo(1);
        assertThat(count(MetricName.GATEWAY_VAPID_FAILURES, "expired")).isEqualTo(1);
        assertThat(count(MetricName.GATEWAY_VAPID_FAILURES, "key_mismatch")).isEqualTo(1);
        assertThat(count(MetricName.GATEWAY_VAPID_FAILURES, "signature")).isZero();
    }

    @Test
    void vapidChecksCountVerificationsAndCacheHitsApart() throws Exception {
        TestVapidKey sender = new TestVapidKey();
        VapidCredentials credentials = new VapidCredentials(sender.jwt(NOW.plus(Duration.ofHours(1))),
                sender.publicKeyText(), Form.VAPID);

        verifier.verify(credentials);
        verifier.verify(credentials);
        verifier.verify(credentials);
        assertThatThrownBy(() -> verifier.verify(new VapidCredentials("x.y.z", sender.publicKeyText(), Form.VAPID)))
                .isInstanceOf(WebPushRejection.class);

        assertThat(functionCount("verified")).isEqualTo(1);
        assertThat(functionCount("cached")).isEqualTo(2);
    }

    @Test
    void closingRemovesEveryMeter() {
        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}
