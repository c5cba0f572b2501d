package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebPushSettingsTest {

    @Test
    void defaultsAreTheSpecs() {
        WebPushSettings settings = WebPushSettings.from(ConfigSource.of(Map.of()));

        assertThat(settings.endpointBase()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(settings.audience()).isEqualTo("http://localhost:8081");
        assertThat(settings.maxTtlSeconds()).isEqualTo(2_592_000);
        assertThat(settings.maxPayloadBytes()).isEqualTo(4096);
        assertThat(settings.vapidCacheSize()).isEqualTo(10_000);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.retryAfterHeader()).isEqualTo("60");
    }

    @Test
    void webPushCanBeTurnedOffAndThe429sRetryAfterSet() {
        WebPushSettings settings = WebPushSettings.from(ConfigSource.of(Map.of("webpush.enabled", "false",
                "webpush.retry.after", "5m")));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.retryAfterHeader()).isEqualTo("300");
    }

    @Test
    void theGatewayConfigCarriesTheSettings() {
        GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("webpush.max.ttl", "86400",
                "gateway.endpoint.base", "https://push.example.com")));

        assertThat(config.webPush().maxTtlSeconds()).isEqualTo(86_400);
        assertThat(config.webPush().audience()).isEqualTo("https://push.example.com");
        assertThat(config.toString()).contains("webPush=");
    }

    @ParameterizedTest
    @CsvSource({
        "https://push.example.com, https://push.example.com",
        "https://push.example.com:443/, https://push.example.com",
        "HTTPS://Push.Example.com:8443/base/, https://push.example.com:8443",
        "http://localhost:80, http://localhost",
        "http://127.0.0.1:8081, http://127.0.0.1:8081"})
    void theAudienceIsTheOriginOfTheEndpointBase(String base, String origin) {
        assertThat(WebPushSettings.from(ConfigSource.of(Map.of("gateway.endpoint.base", base))).audience())
                .isEqualTo(origin);
    }

    @Test
    void aMessageLocationIsTheEndpointBaseWithMAndTheId() {
        assertThat(settings("https://push.example.com/").messageLocation("abc")).isEqualTo("https://push.example.com/m/abc");
        assertThat(settings("https://push.example.com/push").messageLocation("abc"))
                .isEqualTo("https://push.example.com/push/m/abc");
    }

    private static WebPushSettings settings(String base) {
        return WebPushSettings.from(ConfigSource.of(Map.of("gateway.endpoint.base", base)));
    }

    @ParameterizedTest
    @CsvSource({
        "gateway.endpoint.base, ftp://push.example.com",
        "gateway.endpoint.base, push.example.com",
        "gateway.endpoint.base, https://push.example.com/?q=1",
        "gateway.endpoint.base, https://user@push.example.com",
        "gateway.endpoint.base, 'https://push example.com'",
        "webpush.max.ttl, -1",
        "webpush.max.ttl, soon",
        "webpush.max.payload, 4095",
        "webpush.max.payload, 262145",
        "webpush.vapid.cache.size, -1",
        "webpush.enabled, maybe",
        "webpush.retry.after, 500ms",
        "webpush.retry.after, soon"})
    void aBadSettingIsRefusedByName(String key, String value) {
        assertThatThrownBy(() -> WebPushSettings.from(ConfigSource.of(Map.of(key, value))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(ConfigSource.envName(key));
    }

    @Test
    void thePayloadLimitIsIndependentOfThePutBodyLimit() {
        GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("webpush.max.payload", "65536",
                "gateway.max.data.bytes", "100", "gateway.max.body.bytes", "1000")));

        assertThat(config.webPush().maxPayloadBytes()).isEqualTo(65_536);
        assertThat(config.maxBodyBytes()).isEqualTo(1000);
    }
}
