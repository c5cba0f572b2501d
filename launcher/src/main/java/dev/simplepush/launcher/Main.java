package dev.simplepush.launcher;

import dev.simplepush.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code simplepush} command: {@code dev} runs everything in one JVM with an embedded broker;
 * {@code gateway}, {@code state} and {@code node} run one service against any Kafka cluster;
 * {@code audit} reads the audit topic back; {@code broker} runs a Kafka node for the container image and
 * {@code health} is its healthcheck.
 */
@Command(name = "simplepush",
        mixinStandardHelpOptions = true,
        version = "simplepush 0.1.0",
        description = "SimplePush server on Kafka.",
        subcommands = {DevCommand.class, GatewayCommand.class, StateCommand.class, NodeCommand.class, ProbeCommand.class,
            BenchCommand.class, AuditCommand.class, BroadcastCommand.class, BrokerCommand.class, HealthCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Undertow logs through JBoss Logging; send it to SLF4J before any Undertow class loads.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
