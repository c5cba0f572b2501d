package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's Web Push meters (spec W7.2): POSTs by outcome, accepted payload bytes, VAPID
 * failures by rule, and VAPID acceptances verified or served from the cache. Every counter is built
 * up front, so counting allocates nothing.
 */
public final class WebPushMetrics implements AutoCloseable {
    static final String CREATED = "created";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter created;
    private final Map<WebPushError, Counter> rejected = new EnumMap<>(WebPushError.class);
    private final Map<VapidRule, Counter> vapidFailures = new EnumMap<>(VapidRule.class);
    private final Counter payloadBytes;

    public WebPushMetrics(MeterRegistry registry, VapidVerifier verifier) {
        this.registry = registry;
        this.created = counter(MetricName.GATEWAY_WEBPUSH_POSTS, CREATED);
        for (WebPushError error : WebPushError.values()) {
            rejected.put(error, counter(MetricName.GATEWAY_WEBPUSH_POSTS, error.metricTag()));
        }
        for (VapidRule rule : VapidRule.values()) {
            vapidFailures.put(rule, counter(MetricName.GATEWAY_VAPID_FAILURES, rule.metricTag()));
        }
        this.payloadBytes = counter(MetricName.GATEWAY_WEBPUSH_PAYLOAD_BYTES, null);
        MetricName checks = MetricName.GATEWAY_VAPID_CHECKS;
        meters.add(FunctionCounter.builder(checks.meterName(), verifier, VapidVerifier::verifiedCount)
                .description(checks.description()).tag(checks.tagKey(), "verified").register(registry));
        meters.add(FunctionCounter.builder(checks.meterName(), verifier, VapidVerifier::cachedCount)
                .description(checks.description()).tag(checks.tagKey(), "cached").register(registry));
    }

    /** A POST answered 201. */
    public void created(AcceptedPost post) {
        created.increment();
        payloadBytes.increment(post.message().body().length);
    }

    /** A POST answered with an error; a VAPID failure also counts by its rule. */
    public void rejected(WebPushRejection rejection) {
        rejected.get(rejection.error()).increment();
        rejection.vapidRule().ifPresent(rule -> vapidFailures.get(rule).increment());
    }

    private Counter counter(MetricName metric, String tag) {
        Counter.Builder builder = Counter.builder(metric.meterName()).description(metric.description());
        Counter counter = (tag == null ? builder : builder.tag(metric.tagKey(), tag)).register(registry);
        meters.add(counter);
        return counter;
    }

    /** Removes these meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
