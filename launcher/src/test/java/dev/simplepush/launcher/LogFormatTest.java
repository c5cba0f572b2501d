package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    @AfterEach
    void backToPlain() {
        LogFormat.apply(ConfigSource.of(Map.of(LogFormat.KEY, "plain")));
    }

    private static Layout<?> stderrLayout() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        ConsoleAppender stderr = context.getConfiguration().getAppender("stderr");
        return stderr.getLayout();
    }

    private static String format(Layout<?> layout, String message) {
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("dev.simplepush.test").setLevel(Level.WARN)
                .setMessage(new SimpleMessage(message)).setThreadName("main").build();
        return new String(layout.toByteArray(event), StandardCharsets.UTF_8);
    }

    @Test
    void jsonWritesOneJsonObjectPerLine() throws Exception {
        LogFormat.apply(ConfigSource.of(Map.of(LogFormat.KEY, "json")));

        String line = format(stderrLayout(), "hello \"world\"");

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = Json.MAPPER.readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("hello \"world\"");
        assertThat(json.path("log.level").asText()).isEqualTo("WARN");
        assertThat(json.path("log.logger").asText()).isEqualTo("dev.simplepush.test");
        assertThat(json.has("@timestamp")).isTrue();
    }

    @Test
    void plainIsTheDefaultTextLine() {
        String line = format(stderrLayout(), "hello");

        assertThat(line).contains("WARN ", "test - hello").doesNotStartWith("{");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LogFormat.from(ConfigSource.of(Map.of(LogFormat.KEY, "xml"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("SIMPLEPUSH_LOG_FORMAT");
    }

    @Test
    void withoutTheSettingTheJvmPropertyDecides() {
        assertThat(LogFormat.from(ConfigSource.of(Map.of()))).isNull();
    }
}
