package dev.simplepush.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {
    @Test
    void auditIsOnUnlessTurnedOffByKeyOrEnvironment() {
        assertThat(AuditSettings.from(ConfigSource.of(Map.of())).enabled()).isTrue();
        assertThat(AuditSettings.from(ConfigSource.of(Map.of("audit.enabled", "false"))).enabled()).isFalse();
        assertThat(AuditSettings.from(new ConfigSource(Map.of(), Map.of("SIMPLEPUSH_AUDIT_ENABLED", "off"),
                new Properties())).enabled()).isFalse();
    }

    @Test
    void aValueThatIsNotABooleanNamesTheKey() {
        assertThatThrownBy(() -> AuditSettings.from(ConfigSource.of(Map.of("audit.enabled", "maybe"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("audit.enabled");
    }
}
