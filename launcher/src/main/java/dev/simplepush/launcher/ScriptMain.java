package dev.simplepush.launcher;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point of the image's scripts, which have no shell to run in: each is one line,
 * {@code #!/opt/java/bin/java @/opt/simplepush/script.args} for short-lived tools (a small heap,
 * quick start) or {@code @/opt/simplepush/server.args} for the broker (the image's own JVM
 * settings), so the kernel starts the JVM with this class and the script's own path first. The script's name picks the command, like a
 * multi-call binary: {@code simplepush} is the launcher itself, and two paths of the
 * {@code apache/kafka} image are the broker role, so one compose file runs either image:
 * {@code /etc/kafka/docker/run} (that image's start script) is {@code simplepush broker}, and
 * {@code /opt/kafka/bin/kafka-broker-api-versions.sh} (Kafka's tool, the usual healthcheck) is
 * {@code simplepush health} with the tool's {@code --bootstrap-server}.
 */
final class ScriptMain {
    static final String BROKER_START = "/etc/kafka/docker/run";
    static final String BROKER_CHECK = "kafka-broker-api-versions.sh";

    private ScriptMain() {
    }

    public static void main(String[] args) {
        Main.main(commandLine(args));
    }

    /** The launcher's arguments for a script invoked as {@code args[0]} with {@code args[1..]}. */
    static String[] commandLine(String[] args) {
        if (args.length == 0) {
            return args;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals(BROKER_START)) {
            return new String[] {"broker"};
        }
        if (Path.of(args[0]).getFileName().toString().equals(BROKER_CHECK)) {
            // The tool's own options: --bootstrap-server HOST:PORT, which health takes as is.
            String[] health = new String[rest.length + 1];
            health[0] = "health";
            System.arraycopy(rest, 0, health, 1, rest.length);
            return health;
        }
        return rest;
    }
}
