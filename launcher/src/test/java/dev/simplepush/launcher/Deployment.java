package dev.simplepush.launcher;

import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.state.StateConfig;
import dev.simplepush.state.StateService;
import dev.simplepush.testing.KafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services started in this JVM against a test's Kafka cluster, on free ports: one
 * streams-state, one gateway (id 0) and delivery nodes with ids 0, 1, ….
 *
 * <p>Settings start from the cluster's {@link KafkaCluster#serviceSettings()} plus free ports, a
 * generated token key and small topic counts; {@link Builder#set} lays keys over them for every
 * service, and {@link Builder#node(Map)} adds a node with keys of its own, so one deployment can
 * hold a node with the defaults beside one with, say, a one-second hello timeout.
 *
 * <pre>{@code
 * Deployment deployment = Deployment.builder(cluster, stateDir)
 *         .set("node.min.ping.interval", "0")
 *         .node(Map.of())                                  // node 0
 *         .node(Map.of("node.hello.timeout", "1s"))        // node 1
 *         .start();
 * }</pre>
 */
public final class Deployment implements AutoCloseable {
    private final Map<String, String> settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<NodeService> nodes = new ArrayList<>();
    private final List<GatewayService> gateways = new ArrayList<>();

    private Deployment(Map<String, String> settings) {
        this.settings = settings;
    }

    /** A deployment with {@code nodeCount} nodes and the default settings. */
    public static Deployment start(KafkaCluster cluster, Path stateDir, int nodeCount) {
        return builder(cluster, stateDir).nodes(nodeCount).start();
    }

    public static Builder builder(KafkaCluster cluster, Path stateDir) {
        return new Builder(cluster, stateDir);
    }

    /** What to start: shared settings, then one entry of node-specific settings per node. */
    public static final class Builder {
        private final Map<String, String> settings = new HashMap<>();
        private final List<Map<String, String>> nodeSettings = new ArrayList<>();

        private Builder(KafkaCluster cluster, Path stateDir) {
            settings.putAll(cluster.serviceSettings());
            settings.put("topics.uaid.partitions", "4");
            settings.put("topics.max.nodes", "4");
            settings.put("topics.max.gateways", "4");
            settings.put(EndpointTokens.KEYS_SETTING, EndpointTokens.generateKey());
            settings.put("state.dir", stateDir.toString());
            settings.put("gateway.listen.host", "127.0.0.1");
            settings.put("gateway.listen.port", "0");
            settings.put("node.listen.host", "127.0.0.1");
            settings.put("node.listen.port", "0");
        }

        /** Sets a key for every service, over the defaults (e.g. {@code token.keys}, {@code gateway.cors}). */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder set(Map<String, String> more) {
            settings.putAll(more);
            return this;
        }

        /** Adds {@code count} nodes with the shared settings. */
        public Builder nodes(int count) {
            for (int i = 0; i < count; i++) {
                node(Map.of());
            }
            return this;
        }

        /** Adds one node (the next id) with {@code overrides} laid over the shared settings. */
        public Builder node(Map<String, String> overrides) {
            nodeSettings.add(Map.copyOf(overrides));
            return this;
        }

        /** Starts everything; returns when every service serves. */
        public Deployment start() {
            Deployment deployment = new Deployment(new HashMap<>(settings));
            try {
                deployment.startServices(nodeSettings);
                return deployment;
            } catch (RuntimeException e) {
                deployment.close();
                throw e;
            }
        }
    }

    private void startServices(List<Map<String, String>> nodeOverrides) {
        started.add(StateService.start(StateConfig.from(ConfigSource.of(settings))));
        GatewayService gateway = GatewayService.start(GatewayConfig.from(ConfigSource.of(settings)));
        gateways.add(gateway);
        started.add(gateway);
        settings.put("node.endpoint.base", "http://127.0.0.1:" + gateway.port());
        for (int id = 0; id < nodeOverrides.size(); id++) {
            Map<String, String> nodeSettings = new HashMap<>(settings);
            nodeSettings.putAll(nodeOverrides.get(id));
            nodeSettings.put("node.id", Integer.toString(id));
            NodeService node = NodeService.start(NodeConfig.from(ConfigSource.of(nodeSettings)));
            nodes.add(node);
            started.add(node);
        }
    }

    /**
     * Starts one more gateway (the next gateway id) with {@code overrides} over the shared
     * settings, e.g. {@code gateway.cors=true}; it is stopped with the deployment.
     *
     * @return its base URL, e.g. {@code http://127.0.0.1:40123}
     */
    public String startGateway(Map<String, String> overrides) {
        Map<String, String> gatewaySettings = new HashMap<>(settings);
        gatewaySettings.putAll(overrides);
        gatewaySettings.put("gateway.id", Integer.toString(gateways.size()));
        GatewayService gateway = GatewayService.start(GatewayConfig.from(ConfigSource.of(gatewaySettings)));
        gateways.add(gateway);
        started.add(gateway);
        return "http://127.0.0.1:" + gateway.port();
    }

    /** Node {@code id} itself, e.g. to stop (drain) it before the deployment. */
    public NodeService nodeService(int id) {
        return nodes.get(id);
    }

    /**
     * The settings every service was started with (cluster, prefix, token keys, endpoint base),
     * to start another service elsewhere, e.g. a node in a process of its own.
     */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** The WebSocket URL of node {@code id}, path {@code /}. */
    public URI node(int id) {
        return URI.create("ws://127.0.0.1:" + nodes.get(id).port() + "/");
    }

    /** The base URL of the first gateway; push endpoints start with it. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateways.get(0).port();
    }

    /** The configured {@code token.keys}, in order: the first encrypts, all decrypt. */
    public List<String> tokenKeys() {
        return Arrays.stream(settings.get(EndpointTokens.KEYS_SETTING).split(","))
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .toList();
    }

    /** The first token key, which issues every endpoint. */
    public String tokenKey() {
        return tokenKeys().get(0);
    }

    /** A codec with all configured keys, to make tokens as the services would. */
    public EndpointTokens tokens() {
        return EndpointTokens.fromBase64(tokenKeys());
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop " + started.get(i), e);
            }
        }
        started.clear();
    }
}
