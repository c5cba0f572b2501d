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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services started in this JVM against a test's Kafka cluster, on free ports: one
 * streams-state, one gateway and {@code nodes} delivery nodes with ids 0, 1, ….
 */
final class Deployment implements AutoCloseable {
    final String tokenKey = EndpointTokens.generateKey();
    private final Map<String, String> settings = new HashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<NodeService> nodes = new ArrayList<>();
    private GatewayService gateway;

    private Deployment(KafkaCluster cluster, Path stateDir) {
        settings.putAll(cluster.serviceSettings());
        settings.put("topics.uaid.partitions", "4");
        settings.put("topics.max.nodes", "4");
        settings.put("topics.max.gateways", "4");
        settings.put("token.keys", tokenKey);
        settings.put("state.dir", stateDir.toString());
        settings.put("gateway.listen.host", "127.0.0.1");
        settings.put("gateway.listen.port", "0");
        settings.put("node.listen.host", "127.0.0.1");
        settings.put("node.listen.port", "0");
    }

    static Deployment start(KafkaCluster cluster, Path stateDir, int nodeCount) {
        Deployment deployment = new Deployment(cluster, stateDir);
        try {
            deployment.startServices(nodeCount);
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    private void startServices(int nodeCount) {
        started.add(StateService.start(StateConfig.from(ConfigSource.of(settings))));
        gateway = GatewayService.start(GatewayConfig.from(ConfigSource.of(settings)));
        started.add(gateway);
        settings.put("node.endpoint.base", "http://127.0.0.1:" + gateway.port());
        for (int id = 0; id < nodeCount; id++) {
            Map<String, String> nodeSettings = new HashMap<>(settings);
            nodeSettings.put("node.id", Integer.toString(id));
            NodeService node = NodeService.start(NodeConfig.from(ConfigSource.of(nodeSettings)));
            nodes.add(node);
            started.add(node);
        }
    }

    URI node(int id) {
        return URI.create("ws://127.0.0.1:" + nodes.get(id).port() + "/");
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
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
