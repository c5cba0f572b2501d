package dev.simplepush.launcher;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.state.StateConfig;
import dev.simplepush.state.StateService;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Run streams-state: the Kafka Streams application holding per-device state.",
            "Settings: state.*, hello.max.channels, kafka.*, topics.*."})
final class StateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        ConfigSource settings = options.load(System.getenv(), new Properties());
        LogFormat.apply(settings);
        StateConfig config = StateConfig.from(settings);
        return ServiceRunner.runWithMonitoring("state", settings, monitoring -> {
            StateService state = StateService.start(config, monitoring.registry());
            return new ServiceRunner.Started(state, state::health,
                    "simplepush state ready: application " + config.applicationId());
        });
    }
}
