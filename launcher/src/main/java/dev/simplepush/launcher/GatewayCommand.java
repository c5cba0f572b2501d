package dev.simplepush.launcher;

import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import dev.simplepush.schemas.config.ConfigSource;
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
        ConfigSource settings = options.load(System.getenv(), new Properties());
        LogFormat.apply(settings);
        GatewayConfig config = GatewayConfig.from(settings);
        return ServiceRunner.runWithMonitoring("gateway", settings, monitoring -> {
            GatewayService gateway = GatewayService.start(config, monitoring.registry());
            return new ServiceRunner.Started(gateway, gateway::health, "simplepush gateway " + config.gatewayId()
                    + " ready: " + (config.tls().enabled() ? "https" : "http") + "://" + config.listenHost() + ":" + gateway.port() + "/update/<token>");
        });
    }
}
