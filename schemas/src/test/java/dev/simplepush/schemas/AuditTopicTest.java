package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTopicTest {
    @Test
    void theAuditTopicIsPartitionedLikeTheUaidTopicsAndCarriesThePrefix() {
        Topics topics = Topics.withPrefix("t-");

        assertThat(topics.audit().name()).isEqualTo("t-audit");
        assertThat(topics.audit().partitioning()).isEqualTo(Topic.Partitioning.BY_UAID);
        assertThat(topics.all()).contains(topics.audit());
    }

    @Test
    void auditRetentionDefaultsToThirtyDaysAndOnlyTheAuditTopicGetsIt() {
        TopicLayout layout = TopicLayout.from(ConfigSource.of(Map.of()));

        assertThat(layout.auditRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(TopicAdmin.topicConfigs(Topics.DEFAULT, Topics.DEFAULT.audit(), layout))
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
        assertThat(TopicAdmin.topicConfigs(Topics.DEFAULT, Topics.DEFAULT.notifications(), layout))
                .doesNotContainKey("retention.ms");
    }

    @Test
    void auditRetentionTakesADurationOrMinusOneForever() {
        assertThat(TopicLayout.from(ConfigSource.of(Map.of("topics.audit.retention.ms", "7d"))).auditRetentionMillis())
                .isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(TopicLayout.from(ConfigSource.of(Map.of("topics.audit.retention.ms", "3600000")))
                .auditRetentionMillis()).isEqualTo(3_600_000L);
        assertThat(TopicLayout.from(ConfigSource.of(Map.of("topics.audit.retention.ms", "-1"))).auditRetentionMillis())
                .isEqualTo(-1L);
        assertThatThrownBy(() -> TopicLayout.from(ConfigSource.of(Map.of("topics.audit.retention.ms", "0"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("topics.audit.retention.ms");
    }

    @Test
    void theOldConstructorKeepsTheDefaultRetention() {
        assertThat(new TopicLayout(4, 4, 4, (short) 1, 1).auditRetention()).isEqualTo(TopicLayout.DEFAULT_AUDIT_RETENTION);
    }
}
