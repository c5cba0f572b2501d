package dev.simplepush.launcher;

import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
import dev.simplepush.schemas.config.ConfigSource;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a delivery node: the WebSocket server devices connect to.",
            "Settings: node.*, kafka.*, topics.*, token.keys."})
final class NodeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        ConfigSource settings = options.load(System.getenv(), new Properties());
        LogFormat.apply(settings);
        NodeConfig config = NodeConfig.from(settings);
        return ServiceRunner.runWithMonitoring("node", settings, monitoring -> {
            NodeService node = NodeService.start(config, monitoring.registry());
            return new ServiceRunner.Started(node, node::health, "simplepush node " + config.nodeId()
                    + " ready: " + (config.tls().enabled() ? "wss" : "ws") + "://" + config.listenHost() + ":" + node.port() + "/");
        });
    }
}
