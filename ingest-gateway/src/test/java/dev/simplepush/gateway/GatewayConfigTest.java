package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.token.EndpointTokens;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigTest {

    @Test
    void theDefaultsFollowTheSpec() {
        GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of()));
        assertThat(config.gatewayId()).isZero();
        assertThat(config.listenHost()).isEqualTo("0.0.0.0");
        assertThat(config.listenPort()).isEqualTo(8081);
        assertThat(config.replyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxBodyBytes()).isEqualTo(16_384);
        assertThat(config.maxDataBytes()).isEqualTo(4096);
        assertThat(config.storedStatus()).isEqualTo(202);
        assertThat(config.cors()).isFalse();
        assertThat(config.tokenKeys()).isEmpty();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topics().gatewayReplies().name()).isEqualTo("gateway-replies");
        assertThat(config.auditLinger()).isEqualTo(GatewayConfig.DEFAULT_AUDIT_LINGER);
    }

    @Test
    void everyKeyIsReadFromOverridesOrTheEnvironment() {
        String key = EndpointTokens.generateKey();
        ConfigSource source = new ConfigSource(Map.of("gateway.id", "2", "gateway.listen.port", "0"),
                Map.of("SIMPLEPUSH_GATEWAY_LISTEN_HOST", "127.0.0.1", "SIMPLEPUSH_GATEWAY_REPLY_TIMEOUT", "250ms",
                        "SIMPLEPUSH_GATEWAY_MAX_BODY_BYTES", "1000", "SIMPLEPUSH_GATEWAY_MAX_DATA_BYTES", "100",
                        "SIMPLEPUSH_GATEWAY_STORED_STATUS", "200", "SIMPLEPUSH_GATEWAY_CORS", "true",
                        "SIMPLEPUSH_TOKEN_KEYS", key + ", ", "SIMPLEPUSH_TOPICS_PREFIX", "t1-",
                        "SIMPLEPUSH_GATEWAY_AUDIT_LINGER", "40ms"),
                new Properties());
        GatewayConfig config = GatewayConfig.from(source);
        assertThat(config.gatewayId()).isEqualTo(2);
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isZero();
        assertThat(config.replyTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxBodyBytes()).isEqualTo(1000);
        assertThat(config.maxDataBytes()).isEqualTo(100);
        assertThat(config.storedStatus()).isEqualTo(200);
        assertThat(config.cors()).isTrue();
        assertThat(config.tokenKeys()).containsExactly(key);
        assertThat(config.topics().notifications().name()).isEqualTo("t1-notifications");
        assertThat(config.auditLinger()).isEqualTo(Duration.ofMillis(40));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "gateway.id, -1",
        "gateway.id, 16",
        "gateway.id, x",
        "gateway.listen.port, 70000",
        "gateway.reply.timeout, 0",
        "gateway.reply.timeout, soon",
        "gateway.max.body.bytes, 12351",
        "gateway.max.data.bytes, -1",
        "gateway.stored.status, 204",
        "gateway.stored.status, 201",
        "gateway.cors, maybe",
        "token.keys, not*base64",
        "token.keys, AAAA",
        "gateway.request.head.timeout, 0",
        "gateway.request.body.timeout, slow",
        "gateway.idle.timeout, 0",
        "gateway.max.connections, -1",
        "gateway.max.url.bytes, 100",
        "gateway.max.header.bytes, 10",
        "gateway.max.headers, 2",
        "gateway.max.form.fields, 1",
        "gateway.max.discard.bytes, -1",
        "gateway.audit.linger, -1ms",
        "gateway.audit.linger, 2s",
    })
    void aBadSettingIsRefusedWithItsKeyInTheMessage(String key, String value) {
        assertThatThrownBy(() -> GatewayConfig.from(ConfigSource.of(Map.of(key, value))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(ConfigSource.envName(key));
    }

    @Test
    void theBodyCapMustLeaveRoomForPercentEncodedData() {
        assertThat(GatewayConfig.from(ConfigSource.of(Map.of("gateway.max.body.bytes", "12352"))).maxBodyBytes())
                .isEqualTo(12_352);
        assertThatThrownBy(() -> GatewayConfig.from(ConfigSource.of(Map.of("gateway.max.data.bytes", "8192"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("gateway.max.body.bytes")
                .hasMessageContaining("24640");
    }

    @Test
    void theGatewayIdMustHaveAPartitionInTheConfiguredLayout() {
        assertThat(GatewayConfig.from(ConfigSource.of(Map.of("gateway.id", "3", "topics.max.gateways", "4")))
                .gatewayId()).isEqualTo(3);
        assertThatThrownBy(() -> GatewayConfig.from(ConfigSource.of(Map.of("gateway.id", "4", "topics.max.gateways", "4"))))
                .hasMessageContaining("gateway.id")
                .hasMessageContaining("topics.max.gateways is 4");
    }

    @Test
    void theHttpLimitsDefaultToBoundsNoHonestClientReaches() {
        HttpLimits http = GatewayConfig.from(ConfigSource.of(Map.of())).http();
        assertThat(http.headTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.maxConnections()).isEqualTo(HttpLimits.defaultMaxConnections(HttpLimits.maxFileDescriptors()));
        assertThat(http.maxUrlBytes()).isEqualTo(8192);
        assertThat(http.maxHeaderBytes()).isEqualTo(16_384);
        assertThat(http.maxHeaders()).isEqualTo(64);
        assertThat(http.maxFormFields()).isEqualTo(32);
        assertThat(http.maxDiscardBytes()).isEqualTo(32L << 20);
    }

    @Test
    void zeroConnectionsMeansUnlimited() {
        assertThat(GatewayConfig.from(ConfigSource.of(Map.of("gateway.max.connections", "0"))).http().maxConnections())
                .isZero();
    }

    @Test
    void theTokenKeysNeverAppearInToString() {
        String key = EndpointTokens.generateKey();
        GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("token.keys", key)));
        assertThat(config.toString()).doesNotContain(key).contains("1 key(s)");
    }
}
