package dev.simplepush.launcher;

import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
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
        NodeConfig config = NodeConfig.from(options.load(System.getenv(), new Properties()));
        NodeService node = NodeService.start(config);
        return ServiceRunner.runUntilStopped("node", node,
                "simplepush node " + config.nodeId() + " ready: ws://" + config.listenHost() + ":" + node.port() + "/");
    }
}
