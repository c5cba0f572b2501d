package dev.simplepush.state.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WakeConfigTest {

    /** An operator's driver, as the reflective loader finds it. */
    public static final class OperatorDriver implements WakeDriver {
        final String setting;

        public OperatorDriver(ConfigSource config) {
            this.setting = config.getString("operator.wake.setting", "");
        }

        @Override
        public WakeResult wake(WakeRequest request) {
            return WakeResult.WOKEN;
        }
    }

    private static WakeConfig from(Map<String, String> settings) {
        return WakeConfig.from(ConfigSource.of(settings));
    }

    @Test
    void byDefaultThereIsNoDriverAndNothingIsMade() {
        WakeConfig config = from(Map.of());

        assertThat(config.driver()).isEqualTo("none");
        assertThat(config.enabled()).isFalse();
        assertThat(config.minInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retryMax()).isEqualTo(3);
        assertThat(WakeDrivers.create(config)).isNull();
    }

    @Test
    void theBuiltInDriversAreNamedInAnyCase() {
        assertThat(WakeDrivers.create(from(Map.of("wake.driver", "UDP")))).isInstanceOf(UdpWakeDriver.class);
        assertThat(WakeDrivers.create(from(Map.of("wake.driver", "http", "wake.http.url", "http://c.example/"))))
                .isInstanceOf(HttpWakeDriver.class);
    }

    @Test
    void anOperatorsClassIsLoadedAndGivenTheSettings() {
        WakeConfig config = from(Map.of("wake.driver", OperatorDriver.class.getName(),
                "operator.wake.setting", "x"));

        assertThat(WakeDrivers.create(config)).isInstanceOfSatisfying(OperatorDriver.class,
                driver -> assertThat(driver.setting).isEqualTo("x"));
    }

    @Test
    void anUnknownDriverOrAClassThatIsNotOneStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of("wake.driver", "carrier-pigeon")))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.driver");
        assertThatThrownBy(() -> from(Map.of("wake.driver", String.class.getName())))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.driver")
                .hasMessageContaining("does not implement");
    }

    @Test
    void badNumbersAreRefusedNamingTheirKeys() {
        assertThatThrownBy(() -> from(Map.of("wake.retry.backoff", "0s")))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.retry.backoff");
        assertThatThrownBy(() -> from(Map.of("wake.http.timeout", "0s", "wake.driver", "http")))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("wake.http.timeout");
    }
}
