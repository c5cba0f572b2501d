package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BroadcastApiSettingsTest {
    private static final String TOKEN = "a-long-random-secret-1";
    private static final String ROTATED = "a-long-random-secret-2";
    private static final String READER = "another-long-secret-22";

    private static BroadcastApiSettings of(Map<String, String> settings) {
        return BroadcastApiSettings.from(ConfigSource.of(settings));
    }

    @Test
    void theApiIsOffWithoutBroadcasterTokens() {
        assertThat(of(Map.of()).enabled()).isFalse();
        assertThat(of(Map.of()).toString()).contains("off");
    }

    @Test
    void eachTokenNamesItsBroadcasterOrReaderAndABroadcasterMayHaveSeveral() {
        BroadcastApiSettings settings = of(Map.of(
                BroadcastApiSettings.TOKENS, "remote-settings=" + TOKEN + ",remote-settings=" + ROTATED,
                BroadcastApiSettings.READER_TOKENS, "ops=" + READER));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.broadcaster(TOKEN)).hasValue("remote-settings");
        assertThat(settings.broadcaster(ROTATED)).hasValue("remote-settings");
        assertThat(settings.broadcaster(READER)).isEmpty();
        assertThat(settings.reader(READER)).hasValue("ops");
        assertThat(settings.reader(TOKEN)).isEmpty();
        assertThat(settings.broadcaster("a-long-random-secret-3")).isEmpty();
    }

    @Test
    void tokensNeverAppearInTheDescriptionOrInAConfigurationError() {
        BroadcastApiSettings settings = of(Map.of(BroadcastApiSettings.TOKENS, "remote-settings=" + TOKEN));

        assertThat(settings.toString()).contains("remote-settings").doesNotContain(TOKEN);
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, "a=" + TOKEN + ",b=" + TOKEN)))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, TOKEN)))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageNotContaining(TOKEN);
    }

    @Test
    void shortTokensBadBroadcasterNamesAndSharedTokensOrNamesAreRefusedAtStartUp() {
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, "remote-settings=short")))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, "remote+settings=" + TOKEN)))
                .isInstanceOf(IllegalConfigurationException.class);
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, "a=" + TOKEN,
                BroadcastApiSettings.READER_TOKENS, "ops=" + TOKEN)))
                .isInstanceOf(IllegalConfigurationException.class);
        assertThatThrownBy(() -> of(Map.of(BroadcastApiSettings.TOKENS, "a=" + TOKEN,
                BroadcastApiSettings.READER_TOKENS, "a=" + READER)))
                .isInstanceOf(IllegalConfigurationException.class);
    }
}
