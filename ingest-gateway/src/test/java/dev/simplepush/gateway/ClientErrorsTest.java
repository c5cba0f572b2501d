package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ClientErrorsTest {

    @Test
    void everyCauseHasACounterFromTheStartWithATagValueListedInMetricName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ClientErrors(registry);

        for (ClientErrors.Cause cause : ClientErrors.Cause.values()) {
            assertThat(MetricName.GATEWAY_CLIENT_ERRORS.tagValues()).contains(cause.tag());
            assertThat(registry.get(MetricName.GATEWAY_CLIENT_ERRORS.meterName())
                    .tag(MetricName.GATEWAY_CLIENT_ERRORS.tagKey(), cause.tag()).counter().count()).isZero();
        }
        assertThat(ClientErrors.Cause.values()).hasSameSizeAs(MetricName.GATEWAY_CLIENT_ERRORS.tagValues().toArray());
    }

    @Test
    void eachErrorIsCountedUnderItsCause() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClientErrors errors = new ClientErrors(registry);

        for (int i = 0; i < 1000; i++) {
            errors.record(ClientErrors.Cause.HEAD_TIMEOUT, "/192.0.2.1:1234");
        }
        errors.record(ClientErrors.Cause.CAPACITY, null);

        assertThat(count(registry, "head_timeout")).isEqualTo(1000);
        assertThat(count(registry, "capacity")).isEqualTo(1);
        assertThat(count(registry, "body_timeout")).isZero();
    }

    @Test
    void closingRemovesTheCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ClientErrors(registry).close(registry);

        assertThat(registry.find(MetricName.GATEWAY_CLIENT_ERRORS.meterName()).counters()).isEmpty();
    }

    private static double count(SimpleMeterRegistry registry, String cause) {
        return registry.get(MetricName.GATEWAY_CLIENT_ERRORS.meterName())
                .tag(MetricName.GATEWAY_CLIENT_ERRORS.tagKey(), cause).counter().count();
    }
}
