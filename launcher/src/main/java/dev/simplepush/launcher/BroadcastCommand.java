package dev.simplepush.launcher;

import dev.simplepush.launcher.audit.AuditFields;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.broadcast.Broadcast;
import dev.simplepush.schemas.broadcast.BroadcastIds;
import dev.simplepush.schemas.broadcast.BroadcastPublisher;
import dev.simplepush.schemas.broadcast.BroadcastReader;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.KafkaSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Broadcasts for operators (webpush.md W6): {@code broadcast set <id> <version>} and
 * {@code broadcast list}, straight on the {@code broadcasts} topic. It needs Kafka access, an
 * operator's privilege, instead of a broadcaster's token: publishers use the HTTP API on the
 * gateway, operators this. A set is checked by the same rules as the API's and audited
 * ({@code broadcast_set}, set by {@code cli}). Exit 0 done, 1 Kafka failed, 2 bad input.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = {"Set or list broadcast versions (Megaphone's broadcasts) on the broadcasts topic.",
            "Publishers use the gateway's PUT /v1/broadcasts/<broadcaster>/<channel> with a token instead."},
        subcommands = {BroadcastCommand.Set.class, BroadcastCommand.List.class})
final class BroadcastCommand implements Runnable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set <id> (<broadcaster>/<channel>) to <version> (1 to 200 ASCII characters); every "
                    + "connected device subscribed to it is told.")
    static final class Set implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "e.g. remote-settings/monitor_changes")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION", description = "e.g. '\"1700000000000\"' (Firefox's form)")
        String version;

        Map<String, String> env = System.getenv();
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<String> problem = BroadcastIds.problem(id, version);
            if (problem.isPresent()) {
                err.println("broadcast set: " + problem.get());
                return 2;
            }
            ConfigSource config = options.load(env, new Properties());
            KafkaSettings kafka = KafkaSettings.from(config);
            Topics topics = topics(config);
            try {
                try (Admin admin = Admin.create(kafka.baseProperties())) {
                    // Never let a first write auto-create the topic uncompacted.
                    TopicAdmin.ensureTopics(admin, topics, TopicLayout.from(config));
                }
                BroadcastTable table = read(kafka, topics);
                String previous = table.version(id);
                boolean audit = AuditSettings.from(config).enabled();
                try (BroadcastPublisher publisher = new BroadcastPublisher(kafka, topics.broadcasts(),
                        audit ? topics.audit() : null, "simplepush-broadcast-cli")) {
                    Broadcast broadcast = new Broadcast(id, version, clock.millis(), "cli");
                    publisher.publish(broadcast).get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    publisher.audit(new AuditEvent.BroadcastSet(id, version, previous, "cli", null,
                            broadcast.setAtMillis())).get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                out.println(id + " = " + version + (previous == null ? " (new)" : " (was " + previous + ")"));
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } catch (Exception e) {
                err.println("broadcast set: cannot write to Kafka at " + kafka.bootstrapServers() + ": " + e);
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every broadcast id with its version, when and by whom it was set.")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        Map<String, String> env = System.getenv();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConfigSource config = options.load(env, new Properties());
            KafkaSettings kafka = KafkaSettings.from(config);
            Topics topics = topics(config);
            try {
                try (Admin admin = Admin.create(kafka.baseProperties())) {
                    if (!admin.listTopics().names().get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                            .contains(topics.broadcasts().name())) {
                        out.println("no broadcasts (topic " + topics.broadcasts().name() + " does not exist yet)");
                        return 0;
                    }
                }
                BroadcastTable table = read(kafka, topics);
                if (table.size() == 0) {
                    out.println("no broadcasts");
                    return 0;
                }
                out.printf("%-40s  %-24s  %-24s  %s%n", "ID", "VERSION", "SET AT (UTC)", "BY");
                table.entries().forEach((id, entry) -> out.printf("%-40s  %-24s  %-24s  %s%n", id,
                        entry.broadcast().version(), AuditFields.time(entry.broadcast().setAtMillis()),
                        entry.broadcast().setBy()));
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } catch (Exception e) {
                err.println("broadcast list: cannot read Kafka at " + kafka.bootstrapServers() + ": " + e);
                return 1;
            }
        }
    }

    private static Topics topics(ConfigSource config) {
        return Topics.withPrefix(config.getString("topics.prefix", ""));
    }

    /** The topic read whole. */
    private static BroadcastTable read(KafkaSettings kafka, Topics topics) throws InterruptedException {
        BroadcastTable table = new BroadcastTable();
        try (BroadcastReader reader = BroadcastReader.start(kafka, topics.broadcasts(), "simplepush-broadcast-cli-reader",
                table, BroadcastReader.Listener.NONE)) {
            if (!reader.awaitLoaded(READ_TIMEOUT)) {
                throw new IllegalStateException("could not read " + topics.broadcasts().name() + " within "
                        + READ_TIMEOUT);
            }
        }
        return table;
    }
}
