package dev.simplepush.launcher;

import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the ingest gateway: PUT /update/<token> for app servers.",
            "Settings: gateway.*, kafka.*, topics.*, token.keys (see docs/configuration in the README)."})
final class GatewayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        GatewayConfig config = GatewayConfig.from(options.load(System.getenv(), new Properties()));
        GatewayService gateway = GatewayService.start(config);
        return ServiceRunner.runUntilStopped("gateway", gateway,
                "simplepush gateway " + config.gatewayId() + " ready: http://" + config.listenHost() + ":"
                        + gateway.port() + "/update/<token>");
    }
}
