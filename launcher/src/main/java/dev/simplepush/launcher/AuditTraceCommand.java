package dev.simplepush.launcher;

import dev.simplepush.launcher.audit.AuditFields;
import dev.simplepush.launcher.audit.AuditQuery;
import dev.simplepush.launcher.audit.AuditReader;
import dev.simplepush.launcher.audit.AuditTrace;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.KafkaSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One channel's timeline, version by version (or Web Push message by message), from PUT or POST to ack. */
@Command(name = "trace",
        description = {"The timeline of each version of one channel, from PUT to ack, with the time between steps;",
            "and of each Web Push message, from POST to ack.",
            "What happened to version V of channel C, and when:",
            "  simplepush audit trace --uaid U --channel C --version V",
            "What happened to a Web Push message (its id is the end of the 201's Location, /m/<id>):",
            "  simplepush audit trace --message ID     (needs token.keys, or dev mode's key in --data-dir)",
            "Without --uaid every partition is read."})
final class AuditTraceCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    // No mixinStandardHelpOptions: its --version would take the name of the update version filter.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--uaid", paramLabel = "UAID", description = "The device (reads only its partition).")
    String uaid;

    @Option(names = "--channel", paramLabel = "CHID", description = "The channel (required without --message).")
    String channel;

    @Option(names = "--message", paramLabel = "ID",
            description = "A Web Push message id (the end of a 201's Location): its uaid, channel and message.")
    String messageId;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/dev",
            description = "With --message and no token.keys: dev mode's data directory, whose key opens the id (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path dataDir;

    @Option(names = "--version", paramLabel = "N", description = "Only this version.")
    Long version;

    @Option(names = "--from", paramLabel = "TIME", description = "From this time: ISO-8601 or ago (-2h, -3d).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Up to this time, same forms as --from.")
    String to;

    @Option(names = "--progress", description = "Show scan progress on stderr (default: only on a terminal).")
    Boolean progress;

    @Option(names = "--topic", paramLabel = "NAME", description = "The audit topic (default: <topics.prefix>audit).")
    String topic;

    Map<String, String> env = System.getenv();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigSource config = options.load(env, new Properties());
        String message = null;
        if (messageId != null) {
            java.util.Optional<MessageRef> ref = MessageIdArgument.decode(messageId, config, dataDir);
            if (ref.isEmpty()) {
                err.println("audit trace: --message is not a message id of this deployment (wrong token.keys?)");
                return 2;
            }
            uaid = ref.get().uaid();
            channel = ref.get().channelId();
            message = ref.get().kind() + " " + ref.get().key();
        } else if (channel == null) {
            err.println("audit trace: name a --channel or a --message");
            return 2;
        }
        String onlyMessage = message;
        AuditQuery query;
        try {
            // With a uaid, its hellos (which name no channel) are read too: they explain a delivery
            // that waited for a reconnect.
            query = AuditCommand.query(uaid, uaid == null ? channel : null, null, from, to, List.of(), clock);
        } catch (IllegalArgumentException e) {
            err.println("audit trace: " + e.getMessage());
            return 2;
        }
        String topicName = AuditCommand.topicName(topic, config);
        AuditTrace trace = new AuditTrace();
        try (AuditReader reader = new AuditReader(AuditCommand.kafkaProperties(config), topicName)) {
            AuditReader.Stats stats = reader.scan(query, false, record -> {
                AuditEvent event = record.event();
                Long eventVersion = AuditFields.version(event);
                boolean ofChannel = channel.equalsIgnoreCase(AuditFields.channel(event));
                String eventMessage = AuditFields.pushMessage(event);
                boolean wanted = onlyMessage != null ? onlyMessage.equals(eventMessage)
                        : version == null || eventVersion == null || version.equals(eventVersion);
                if (event instanceof AuditEvent.Hello || (ofChannel && wanted)) {
                    trace.add(record);
                }
            }, ProgressLine.forTerminal(err, progress));
            trace.print(out, uaid, channel);
            out.flush();
            err.printf("audit: scanned %,d records of %s in %.1f s%n", stats.scanned(), topicName,
                    stats.elapsed().toNanos() / 1e9);
            err.flush();
        } catch (IllegalStateException e) {
            err.println("audit trace: cannot read " + topicName + " at " + KafkaSettings.from(config).bootstrapServers()
                    + ": " + e.getMessage());
            return 1;
        } catch (KafkaException e) {
            err.println("audit trace: cannot read " + topicName + " at " + KafkaSettings.from(config).bootstrapServers()
                    + ": " + e.getMessage() + AuditCommand.CONNECT_HINT);
            return 1;
        }
        return trace.isEmpty() ? 1 : 0;
    }
}
