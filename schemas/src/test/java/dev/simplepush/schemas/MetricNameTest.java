package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricNameTest {
    /** Lower-case dotted words under our prefix: what Micrometer turns into valid Prometheus names. */
    private static final Pattern DOTTED = Pattern.compile("simplepush(\\.[a-z]+)+");

    @Test
    void everyMetricHasAUniqueName() {
        assertThat(Arrays.stream(MetricName.values()).map(MetricName::meterName)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(MetricName.values()).map(MetricName::prometheusName)).doesNotHaveDuplicates();
    }

    @Test
    void everyNameIsDottedLowerCaseUnderTheSimplepushPrefix() {
        for (MetricName metric : MetricName.values()) {
            assertThat(metric.meterName()).as(metric.name()).matches(DOTTED);
        }
    }

    @Test
    void everyMetricIsDocumentedWithASentence() {
        for (MetricName metric : MetricName.values()) {
            assertThat(metric.description()).as(metric.name()).isNotBlank().endsWith(".").hasSizeGreaterThan(20);
        }
    }

    @Test
    void aTaggedMetricListsItsValuesAndAnUntaggedOneHasNone() {
        for (MetricName metric : MetricName.values()) {
            if (metric.tagKey() == null) {
                assertThat(metric.tagValues()).as(metric.name()).isEmpty();
            } else {
                assertThat(metric.tagKey()).as(metric.name()).matches("[a-z]+");
                assertThat(metric.tagValues()).as(metric.name()).isNotEmpty().doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void prometheusNamesFollowTheRegistrysConventions() {
        assertThat(MetricName.NODE_HELLOS.prometheusName()).isEqualTo("simplepush_node_hellos_total");
        assertThat(MetricName.NODE_CONNECTIONS.prometheusName()).isEqualTo("simplepush_node_connections");
        assertThat(MetricName.GATEWAY_PUT_LATENCY.prometheusName()).isEqualTo("simplepush_gateway_put_latency_seconds");
    }
}
