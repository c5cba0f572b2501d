package dev.simplepush.launcher;

import dev.simplepush.launcher.audit.AuditFormat;
import dev.simplepush.launcher.audit.AuditQuery;
import dev.simplepush.launcher.audit.AuditReader;
import dev.simplepush.launcher.audit.AuditRecord;
import dev.simplepush.launcher.audit.AuditSummary;
import dev.simplepush.launcher.audit.TimeArgument;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditType;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads the {@code audit} topic back: filters, three formats, a summary, live tailing. See
 * {@link AuditTraceCommand} for one channel's timeline.
 */
@Command(name = "audit",
        subcommands = {AuditTraceCommand.class},
        description = {"Read the audit topic: what was accepted, routed, delivered and acked, and when.",
            "Records are printed in time order (UTC), then a summary: counts by type and outcome,",
            "accepted->delivered (split at routed) and delivered->acked latency percentiles.",
            "Example: simplepush audit --uaid U --from -2h --format csv > audit.csv",
            "One channel's timeline, version by version: simplepush audit trace --uaid U --channel C"})
final class AuditCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    // No mixinStandardHelpOptions: its --version would take the name of the update version filter.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--uaid", paramLabel = "UAID", description = "Only this device (reads only its partition).")
    String uaid;

    @Option(names = "--channel", paramLabel = "CHID", description = "Only this channel.")
    String channel;

    @Option(names = "--version", paramLabel = "N", description = "Only this version of the updates.")
    Long version;

    @Option(names = "--from", paramLabel = "TIME",
            description = "From this time: ISO-8601 (2026-11-28T01:00:00Z, 2026-11-28) or ago (-2h, -15m, -3d).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Up to this time, same forms as --from.")
    String to;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these types: accepted, routed, delivered, acked, registered, unregistered, hello, expired, "
                    + "set_aside.")
    List<String> types = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, jsonl or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records as they arrive, until Ctrl-C.")
    boolean follow;

    @Option(names = "--unsorted", description = "Print records as read (offset order per partition) instead of "
            + "sorting them by time; holds nothing in memory.")
    boolean unsorted;

    @Option(names = "--no-summary", negatable = false, description = "Leave out the summary.")
    boolean noSummary;

    @Option(names = "--progress", description = "Show scan progress on stderr (default: only on a terminal).")
    Boolean progress;

    @Option(names = "--topic", paramLabel = "NAME",
            description = "The audit topic (default: <topics.prefix>audit).")
    String topic;

    /** The environment settings come from; tests replace it. */
    Map<String, String> env = System.getenv();
    Clock clock = Clock.systemUTC();
    private volatile AuditReader reader;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AuditFormat chosen;
        AuditQuery query;
        try {
            chosen = AuditFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            query = query(uaid, channel, version, from, to, types, clock);
            if (follow && to != null) {
                throw new IllegalArgumentException("--follow reads on past any --to; use one or the other");
            }
        } catch (IllegalArgumentException e) {
            err.println("audit: " + (e.getMessage().startsWith("No enum constant")
                    ? "--format must be table, jsonl or csv" : e.getMessage()));
            return 2;
        }
        ConfigSource config = options.load(env, new Properties());
        // The summary stays out of the data when the data is for machines.
        PrintWriter summaryOut = chosen == AuditFormat.TABLE ? out : err;
        AuditSummary summary = new AuditSummary();
        List<AuditRecord> sorted = new ArrayList<>();
        boolean stream = follow || unsorted;
        // Once the topic is found: an error should not follow a header.
        boolean[] headed = {false};
        Runnable header = () -> {
            if (!headed[0]) {
                headed[0] = true;
                chosen.header(out);
            }
        };
        Consumer<AuditRecord> sink = record -> {
            summary.add(record.event());
            if (stream) {
                header.run();
                chosen.write(out, record.event());
                out.flush();
            } else {
                sorted.add(record);
            }
        };
        AuditReader.Stats stats;
        try (AuditReader reader = new AuditReader(kafkaProperties(config), topicName(topic, config))) {
            this.reader = reader;
            CountDownLatch printed = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                reader.stop();
                awaitQuietly(printed);
            }, "audit-stop");
            if (follow) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                stats = reader.scan(query, follow, sink, ProgressLine.forTerminal(err, progress));
                header.run();
                sorted.sort(AuditRecord.BY_TIME);
                sorted.forEach(record -> chosen.write(out, record.event()));
                out.flush();
                if (!noSummary) {
                    if (summaryOut == out && summary.total() > 0) {
                        out.println();
                    }
                    summary.print(summaryOut);
                }
                err.printf("audit: scanned %,d records of %s in %.1f s (%,.0f records/s), %,d matched%s%n",
                        stats.scanned(), topicName(topic, config), stats.elapsed().toNanos() / 1e9,
                        stats.recordsPerSecond(), stats.matched(),
                        stats.unreadable() > 0 ? ", " + stats.unreadable() + " unreadable skipped" : "");
                out.flush();
                err.flush();
            } finally {
                printed.countDown();
                if (follow) {
                    removeHook(hook);
                }
            }
        } catch (IllegalStateException e) {
            err.println("audit: cannot read " + topicName(topic, config) + " at "
                    + KafkaSettings.from(config).bootstrapServers() + ": " + e.getMessage());
            return 1;
        } catch (KafkaException e) {
            err.println("audit: cannot read " + topicName(topic, config) + " at "
                    + KafkaSettings.from(config).bootstrapServers() + ": " + e.getMessage() + CONNECT_HINT);
            return 1;
        }
        return 0;
    }

    /** Ends a running scan, as Ctrl-C does. */
    void stop() {
        AuditReader running = reader;
        if (running != null) {
            running.stop();
        }
    }

    /** Where to look when the broker is not there. */
    static final String CONNECT_HINT = System.lineSeparator() + "  (is Kafka running there? Dev mode prints its "
            + "broker as \"Kafka bootstrap\"; pass it with --bootstrap-servers or SIMPLEPUSH_KAFKA_BOOTSTRAP_SERVERS)";

    static AuditQuery query(String uaid, String channel, Long version, String from, String to, List<String> types,
            Clock clock) {
        Set<AuditType> wanted = EnumSet.noneOf(AuditType.class);
        for (String type : types) {
            wanted.add(AuditType.parse(type));
        }
        Instant fromTime = from == null ? null : TimeArgument.parse(from, clock);
        Instant toTime = to == null ? null : TimeArgument.parse(to, clock);
        return new AuditQuery(blankToNull(uaid), blankToNull(channel), version, fromTime, toTime, wanted);
    }

    static Map<String, Object> kafkaProperties(ConfigSource config) {
        return KafkaSettings.from(config).baseProperties();
    }

    static String topicName(String topic, ConfigSource config) {
        if (topic != null && !topic.isBlank()) {
            return topic;
        }
        try {
            return Topics.withPrefix(config.getString("topics.prefix", "")).audit().name();
        } catch (IllegalConfigurationException e) {
            return "audit";
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it ends the scan that just returned.
        }
    }
}
