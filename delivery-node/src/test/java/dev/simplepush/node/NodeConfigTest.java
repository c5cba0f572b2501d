package dev.simplepush.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.token.EndpointTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {

    private static NodeConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return NodeConfig.from(ConfigSource.of(values));
    }

    @Test
    void defaultsMatchTheDocumentation() {
        NodeConfig config = config();

        assertThat(config.nodeId()).isZero();
        assertThat(config.listenHost()).isEqualTo("0.0.0.0");
        assertThat(config.listenPort()).isEqualTo(8080);
        assertThat(config.endpointBase()).isEqualTo("http://localhost:8081");
        assertThat(config.maxMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxQueuedMessages()).isEqualTo(100);
        assertThat(config.helloTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.minPingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.tokenKeys()).isEmpty();
        assertThat(config.longPongs()).isFalse();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.origins().allowsAny()).isTrue();
        assertThat(config.maxConnections()).as("derived from this process's open-file limit")
                .isEqualTo(FileDescriptorLimit.defaultMaxConnections(FileDescriptorLimit.ofThisProcess(), 1024));
        assertThat(config.fdReserve()).isEqualTo(1024);
        assertThat(config.transport().requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.transport().frameReadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.transport().maxOutboundBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.transport().writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.transport().maxConnections()).isEqualTo(config.maxConnections());
        assertThat(config.messageRate().ratePerSecond()).isEqualTo(50);
        assertThat(config.messageRate().burst()).isEqualTo(1000);
        assertThat(config.maxAckUpdates()).isEqualTo(500);
        assertThat(config.connectionSettings().longPongs()).isFalse();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topics().nodeCommands().name()).isEqualTo("node-commands");
        assertThat(config.heartbeatTopic()).isEqualTo("node-heartbeats");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.producerLinger()).isEqualTo(NodeConfig.DEFAULT_PRODUCER_LINGER);
        assertThat(config.bufferSize()).isEqualTo(1024);
    }

    @Test
    void theHeartbeatTopicCarriesThePrefixAndTheReliabilityKeysAreRead() {
        NodeConfig config = config("topics.prefix", "t1-", "node.heartbeat.interval", "250ms",
                "node.drain.timeout", "0", "node.producer.linger", "20ms");

        assertThat(config.heartbeatTopic()).isEqualTo("t1-node-heartbeats");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.drainTimeout()).isZero();
        assertThat(config.producerLinger()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void everyKeyIsRead() {
        String key = EndpointTokens.generateKey();
        NodeConfig config = config("node.id", "5", "node.listen.host", "127.0.0.1", "node.listen.port", "0",
                "node.endpoint.base", "https://push.example.net/sp/", "node.max.message.bytes", "262144",
                "node.max.queued.messages", "7", "node.hello.timeout", "0", "node.min.ping.interval", "500ms",
                "node.request.timeout", "2s", "token.keys", key, "topics.prefix", "t1-",
                "kafka.bootstrap.servers", "k:1", "node.long.pongs", "true",
                "node.allowed.origins", "https://app.example.net, http://localhost:3000", "node.max.connections", "50");

        assertThat(config.nodeId()).isEqualTo(5);
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isZero();
        assertThat(config.endpointBase()).isEqualTo("https://push.example.net/sp");
        assertThat(config.maxMessageBytes()).isEqualTo(262_144);
        assertThat(config.maxQueuedMessages()).isEqualTo(7);
        assertThat(config.helloTimeout()).isZero();
        assertThat(config.minPingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.tokenKeys()).containsExactly(key);
        assertThat(config.topics().nodeCommands().name()).isEqualTo("t1-node-commands");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("k:1");
        assertThat(config.connectionSettings().nodeId()).isEqualTo(5);
        assertThat(config.longPongs()).isTrue();
        assertThat(config.connectionSettings().longPongs()).isTrue();
        assertThat(config.allowedOrigins()).containsExactly("https://app.example.net", "http://localhost:3000");
        assertThat(config.origins().allows("http://localhost:3000")).isTrue();
        assertThat(config.maxConnections()).isEqualTo(50);
    }

    @Test
    void environmentVariablesAreRead() {
        NodeConfig config = NodeConfig.from(new ConfigSource(Map.of(),
                Map.of("SIMPLEPUSH_NODE_ID", "2", "SIMPLEPUSH_NODE_HELLO_TIMEOUT", "5s"), new Properties()));

        assertThat(config.nodeId()).isEqualTo(2);
        assertThat(config.helloTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource({
        "node.id, 16, node.id",
        "node.id, -1, node.id",
        "node.listen.port, 70000, node.listen.port",
        "node.endpoint.base, localhost:8081, node.endpoint.base",
        "node.endpoint.base, ftp://x, node.endpoint.base",
        "node.endpoint.base, https://x?q=1, node.endpoint.base",
        "node.max.message.bytes, 65536, node.max.message.bytes",
        "node.max.queued.messages, 0, node.max.queued.messages",
        "node.request.timeout, 0, node.request.timeout",
        "node.hello.timeout, soon, node.hello.timeout",
        "token.keys, not*base64, token.keys",
        "token.keys, AAAA, token.keys",
        "node.allowed.origins, app.example.net, node.allowed.origins",
        "node.allowed.origins, ftp://app.example.net, node.allowed.origins",
        "node.max.connections, -1, node.max.connections",
        "node.long.pongs, maybe, node.long.pongs",
        "node.heartbeat.interval, 0, node.heartbeat.interval",
        "node.drain.timeout, -1s, node.drain.timeout",
        "node.producer.linger, -1ms, node.producer.linger",
        "node.producer.linger, 2s, node.producer.linger",
        "node.buffer.size, 256, node.buffer.size"
    })
    void aBadSettingIsRejectedNamingItsKeyAndVariable(String key, String value, String named) {
        assertThatThrownBy(() -> config(key, value))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(named)
                .hasMessageContaining(ConfigSource.envName(named));
    }

    @Test
    void aNodeIdBelowMaxNodesIsAccepted() {
        assertThat(config("topics.max.nodes", "4", "node.id", "3").nodeId()).isEqualTo(3);
        assertThatThrownBy(() -> config("topics.max.nodes", "4", "node.id", "4"))
                .hasMessageContaining("topics.max.nodes");
    }

    @Test
    void theDescriptionNeverShowsTokenKeys() {
        String key = EndpointTokens.generateKey();
        assertThat(config("token.keys", key).toString()).doesNotContain(key);
    }

    @Test
    void aWakeIdleTimeoutWithoutAWakeDriverIsAStartUpErrorNamingTheKey() {
        assertThatThrownBy(() -> NodeConfig.from(
                        ConfigSource.of(Map.of("wake.idle.timeout", "10m"))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("wake.idle.timeout");
    }

    @Test
    void theWakeIdleTimeoutIsOffByDefaultAndReachesTheConnectionsWithADriver() {
        NodeConfig defaults = NodeConfig.from(ConfigSource.of(Map.of()));
        NodeConfig waking = NodeConfig.from(ConfigSource.of(Map.of(
                "wake.driver", "udp", "wake.idle.timeout", "10m")));

        assertThat(defaults.wakeDriver()).isEqualTo("none");
        assertThat(defaults.connectionSettings().wakeIdleTimeout()).isZero();
        assertThat(waking.connectionSettings().wakeIdleTimeout())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theDefaultConnectionLimitLeavesTheReserveAndTheAcceptHeadroomBelowTheFileLimit() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of()), 20_000);

        assertThat(config.maxConnections()).isEqualTo(18_976 - 379);
        assertThat(config.transport().acceptHighWater()).isLessThanOrEqualTo(20_000 - 1024);
    }

    @Test
    void aLargerReserveLowersTheDerivedLimit() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of(NodeConfig.FD_RESERVE, "4096")), 20_000);

        assertThat(config.transport().acceptHighWater()).isLessThanOrEqualTo(20_000 - 4096);
    }

    @Test
    void anUnknownFileLimitMeansNoConnectionLimitAndAnExplicitZeroToo() {
        assertThat(NodeConfig.from(ConfigSource.of(Map.of()), 0).maxConnections()).isZero();
        assertThat(NodeConfig.from(ConfigSource.of(Map.of(NodeConfig.MAX_CONNECTIONS, "0")), 20_000)
                .maxConnections()).isZero();
    }

    @Test
    void aReserveAboveASmallLimitStillLeavesAQuarterOfIt() {
        assertThat(FileDescriptorLimit.defaultMaxConnections(1024, 4096)).isEqualTo(256 - 32);
    }

    @Test
    void anOutboundBoundBelowTheMessageSizeNamesItsKey() {
        assertThatThrownBy(() -> config(NodeConfig.MAX_OUTBOUND_BYTES, "1000"))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(NodeConfig.MAX_OUTBOUND_BYTES);
    }

    @ParameterizedTest
    @CsvSource({"node.request.head.timeout", "node.frame.read.timeout", "node.write.timeout"})
    void aNegativeTransportTimeoutNamesItsKey(String key) {
        assertThatThrownBy(() -> config(key, "-1s"))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(key);
    }

    @Test
    void theMessageRateCanBeTurnedOff() {
        assertThat(config(NodeConfig.MESSAGE_RATE, "0").messageRate().enabled()).isFalse();
    }
}
