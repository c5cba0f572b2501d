package dev.simplepush.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.embedded.EmbeddedKafkaBroker.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Path DIR = Path.of("data");

    @Test
    void defaultsAreLoopbackPort9092AndAFreeControllerPort() {
        Settings settings = Settings.of(DIR);

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.brokerPort()).isEqualTo(9092);
        assertThat(settings.controllerPort()).isZero();
        assertThat(settings.brokerProperties()).isEmpty();
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void extraPropertiesAccumulateAndLaterOnesWin() {
        Settings settings = Settings.of(DIR)
                .withBrokerProperty("num.partitions", "3")
                .withBrokerProperties(Map.of("num.partitions", "5", "log.retention.hours", "1"));

        assertThat(settings.brokerProperties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("num.partitions", "5", "log.retention.hours", "1"));
    }

    @Test
    void aWildcardHostIsRejectedBecauseItCannotBeAdvertised() {
        assertThatThrownBy(() -> Settings.of(DIR).withHost("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard");
    }

    @Test
    void portsOutOfRangeOrEqualAreRejected() {
        assertThatThrownBy(() -> Settings.of(DIR).withBrokerPort(70_000))
                .hasMessageContaining("brokerPort must be between 0 and 65535");
        assertThatThrownBy(() -> Settings.of(DIR).withBrokerPort(9000).withControllerPort(9000))
                .hasMessageContaining("must differ");
    }

    @Test
    void extraPropertiesOverrideOurDefaults() {
        Map<String, String> props = BrokerProperties.of("127.0.0.1", 9092, 9093, DIR,
                Map.of("auto.create.topics.enable", "true"));

        assertThat(props)
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093");
    }
}
