package dev.simplepush.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminConfigTest {
    @Test
    void theDefaultIsLoopbackPort8090() {
        AdminConfig config = AdminConfig.from(ConfigSource.of(Map.of()));

        assertThat(config).isEqualTo(new AdminConfig("127.0.0.1", 8090));
        assertThat(config.enabled()).isTrue();
    }

    @Test
    void minusOneTurnsTheAdminServerOff() {
        AdminConfig config = AdminConfig.from(ConfigSource.of(Map.of("admin.listen.port", "-1")));

        assertThat(config.enabled()).isFalse();
        try (Monitoring monitoring = Monitoring.start(config, List.of("node"))) {
            assertThat(monitoring.port()).isEqualTo(-1);
            assertThat(monitoring.url()).isNull();
            assertThat(monitoring.scrape()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> AdminConfig.from(ConfigSource.of(Map.of("admin.listen.port", "70000"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("admin.listen.port");
    }

    @Test
    void aTakenPortIsRefusedNamingTheKey() {
        try (Monitoring first = Monitoring.start(new AdminConfig("127.0.0.1", 0), List.of("node"))) {
            assertThatThrownBy(() -> Monitoring.start(new AdminConfig("127.0.0.1", first.port()), List.of("node")))
                    .isInstanceOf(IllegalConfigurationException.class)
                    .hasMessageContaining("admin.listen.port");
        }
    }

    @Test
    void theJvmIsMeasured() {
        try (Monitoring monitoring = Monitoring.start(new AdminConfig("127.0.0.1", 0), List.of("node"))) {
            assertThat(monitoring.scrape()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "system_cpus", "process_uptime_seconds", "jvm_gc_");
        }
    }
}
