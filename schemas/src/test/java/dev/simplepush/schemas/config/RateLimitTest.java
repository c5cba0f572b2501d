package dev.simplepush.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void unsetMeansOff() {
        RateLimit limit = RateLimit.from(ConfigSource.of(Map.of()), "gateway.put.rate", "gateway.put.burst", 10);

        assertThat(limit.enabled()).isFalse();
        assertThat(limit).hasToString("off");
    }

    @Test
    void rateAndBurstAreRead() {
        RateLimit limit = RateLimit.from(ConfigSource.of(Map.of("gateway.put.rate", "0.5", "gateway.put.burst", "4")),
                "gateway.put.rate", "gateway.put.burst", 10);

        assertThat(limit).isEqualTo(new RateLimit(0.5, 4));
        assertThat(limit.enabled()).isTrue();
    }

    @Test
    void theBurstDefaults() {
        assertThat(RateLimit.from(ConfigSource.of(Map.of("r", "5")), "r", "b", 10).burst()).isEqualTo(10);
    }

    @Test
    void aNegativeOrNonNumericRateIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> RateLimit.from(ConfigSource.of(Map.of("node.connection.rate", "-1")),
                "node.connection.rate", "b", 10)).isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("node.connection.rate");
        assertThatThrownBy(() -> RateLimit.from(ConfigSource.of(Map.of("node.connection.rate", "fast")),
                "node.connection.rate", "b", 10)).isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("SIMPLEPUSH_NODE_CONNECTION_RATE");
        assertThatThrownBy(() -> RateLimit.from(ConfigSource.of(Map.of("r", "NaN")), "r", "b", 10))
                .isInstanceOf(IllegalConfigurationException.class);
    }

    @Test
    void aBurstBelowOneIsRefused() {
        assertThatThrownBy(() -> RateLimit.from(ConfigSource.of(Map.of("r", "1", "node.connection.burst", "0")),
                "r", "node.connection.burst", 10)).isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("node.connection.burst");
    }
}
