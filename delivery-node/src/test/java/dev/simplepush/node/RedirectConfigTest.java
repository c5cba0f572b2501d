package dev.simplepush.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectConfigTest {
    @Test
    void redirectsAreOffByDefaultAndTheUrlIsDerivedFromTheListener() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of("node.listen.host", "10.1.2.3")));

        assertThat(config.redirectThreshold()).isZero();
        assertThat(config.redirectsEnabled()).isFalse();
        assertThat(config.loadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.publicUrl(8443)).isEqualTo("ws://10.1.2.3:8443/");
    }

    @Test
    void aThresholdTurnsThemOnAndAPublicUrlWins() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of("node.redirect.threshold", "5000",
                "node.load.interval", "500ms", "node.public.url", "wss://push3.example.net/")));

        assertThat(config.redirectsEnabled()).isTrue();
        assertThat(config.loadInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.publicUrl(8080)).isEqualTo("wss://push3.example.net/");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("node.public.url", "http://x/"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("node.public.url");
        assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("node.load.interval", "0"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("node.load.interval");
        assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("node.redirect.threshold", "-1"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("node.redirect.threshold");
    }
}
