package dev.simplepush.launcher;

import dev.simplepush.schemas.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run everything in one JVM with an embedded Kafka broker.",
            "The broker (KRaft), streams-state, the gateway and a delivery node; data survives restarts in --data-dir."})
final class DevCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--data-dir", defaultValue = "data/dev", description = "Where Kafka and Streams keep data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--ws-port", defaultValue = "8080", description = "WebSocket port for devices (default: ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(names = "--http-port", defaultValue = "8081", description = "HTTP port for app servers (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--admin-port", defaultValue = "8090",
            description = "Port of the admin server: /metrics, /health/live, /health/ready; 0 = any free port, -1 = none (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Override
    public Integer call() {
        long begin = System.nanoTime();
        ConfigSource settings = options.load(System.getenv(), new Properties());
        LogFormat.apply(settings);
        Duration warmup = settings.getDuration(DevWarmup.DURATION_KEY, DevWarmup.DEFAULT_DURATION);
        if (!warmup.isZero()) {
            System.out.printf("Warming up for %d s before taking traffic (%s; 0s to skip)...%n", warmup.toSeconds(),
                    DevWarmup.DURATION_KEY);
        }
        DevMode dev = DevMode.start(new DevMode.Options(dataDir, host, wsPort, httpPort, kafkaPort, adminPort, warmup),
                settings);
        dev.warmup().ifPresent(result -> System.out.printf("Warmed up: %d updates through throwaway pipelines in %.1f s.%n",
                result.delivered(), result.took().toMillis() / 1000.0));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("""

                SimplePush dev mode
                  devices (WebSocket):   %1$s
                  app servers (HTTP):    %2$s/update/<token>
                  Kafka bootstrap:       %3$s
                  metrics and health:    %4$s
                  data directory:        %5$s
                  browser console:       %6$s
                  audit trail:           ./simplepush audit --bootstrap-servers %3$s
                """, dev.deviceUrl(), dev.endpointBase(), dev.bootstrapServers(),
                dev.adminUrl() == null ? "off" : dev.adminUrl() + "metrics, " + dev.adminUrl() + "health/ready",
                dataDir.toAbsolutePath(),
                dev.consoleUrl() == null ? "off (needs the admin server)" : dev.consoleUrl());
        return ServiceRunner.runUntilStopped("dev mode", dev,
                "SimplePush dev mode is ready (started in " + millis + " ms). Press Ctrl-C to stop.");
    }
}
