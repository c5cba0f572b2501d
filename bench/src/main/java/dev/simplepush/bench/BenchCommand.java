package dev.simplepush.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simplepush bench <scenario>}: load a running deployment as many devices and app servers. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a running deployment (dev mode by default) as many devices and app servers and "
                + "measure it.",
            "Scenarios: throughput (closed loop), latency (steady rate), idle (connected devices; node memory "
                    + "with --watch-pid), soak (steady rate with reconnecting devices), storm (every device on the "
                    + "first node, which is killed with --kill-pid; time back with its update per device), scaleout "
                    + "(devices over all nodes, a steady sample of PUTs, deliveries and memory per node), broadcast (every "
                    + "device subscribed to one broadcast, a steady rate of PUTs, a new broadcast version every "
                    + "--broadcast-every through the gateway's API: PUT to each device, notification latency during "
                    + "fan-outs and outside), backlog (Web Push: every device offline, --backlog POSTs stored for "
                    + "each, then all reconnect at once; time until every device has its whole backlog, and the "
                    + "server's memory and --state-dir before the POSTs, stored and after the flush).",
            "Progress on stderr; a JSON summary on stdout. Exit status 1 if an accepted update was not "
                    + "delivered, 2 if the run could not be set up."})
public final class BenchCommand implements Callable<Integer> {
    /** Devices per process: the machine allows 20,000 open files per process. */
    static final int DEVICES_PER_PROCESS = 15_000;

    @Parameters(index = "0", description = "throughput | latency | idle | soak | storm | scaleout | broadcast | backlog")
    String scenario;

    @Option(names = "--ws-url", split = ",", defaultValue = "ws://127.0.0.1:8080/",
            description = "Node WebSocket URLs, comma-separated; devices spread over them (default: ${DEFAULT-VALUE}).")
    List<URI> wsUrls;

    @Option(names = "--first-url-only", description = "Connect every device to the first URL; they fail over to the others.")
    boolean firstUrlOnly;

    @Option(names = "--devices", defaultValue = "1000", description = "Devices in all (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--duration", description = "Measured time (default: throughput 120s, latency 60s, idle 30s, soak 30m, storm 60s from the kill, scaleout 30s; backlog: longest wait for the flush, 5m).")
    String duration;

    @Option(names = "--warmup", description = "Load before measuring (default: 10s; idle 0s).")
    String warmup;

    @Option(names = "--concurrency", defaultValue = "0", description = "throughput: round trips in flight (default: one per device, each device's app server waiting for its update before the next).")
    int concurrency;

    @Option(names = "--rate", description = "latency, soak, scaleout, broadcast, storm: PUTs per second (default: 1000); backlog: POSTs per second (default: as fast as --http-connections allow).")
    Integer rate;

    @Option(names = "--backlog", defaultValue = "100", description = "backlog: messages POSTed to each offline device (default: ${DEFAULT-VALUE}; webpush.max.pending.per.channel is 100).")
    int backlog;

    @Option(names = "--offline-grace", defaultValue = "2s", description = "backlog: after the node answered every close, wait this long before the POSTs, for its disconnects to reach streams-state (default: ${DEFAULT-VALUE}).")
    String offlineGrace;

    @Option(names = "--state-dir", description = "backlog: a directory whose size to report before the POSTs, with the backlog stored and after the flush: streams-state's state (in dev mode <data-dir>/streams).")
    Path stateDir;

    @Option(names = "--churn", defaultValue = "1", description = "soak: percent of devices dropped and reconnected per minute (default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--timeout", defaultValue = "10s", description = "Longest wait for a connect, a PUT answer or a notification (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--drain-timeout", defaultValue = "30s", description = "After the load, longest wait for the last deliveries (default: ${DEFAULT-VALUE}).")
    String drainTimeout;

    @Option(names = "--reconnect-delay", defaultValue = "500ms", description = "Base delay before a dropped device reconnects, plus up to as much jitter (default: ${DEFAULT-VALUE}).")
    String reconnectDelay;

    @Option(names = "--connect-concurrency", defaultValue = "256", description = "Connects in progress at once per process (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--io-threads", defaultValue = "2", description = "Threads per process shared by all sockets (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--processes", description = "Bench processes (default: one per " + DEVICES_PER_PROCESS + " devices).")
    Integer processes;

    @Option(names = "--worker-heap", defaultValue = "1g", description = "-Xmx of each bench process when there are several (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    @Option(names = "--watch-pid", split = ",", description = "Server JVMs on this machine to measure: CPU per update (also per 10-second window), threads, memory (heap after a GC for idle).")
    List<Long> watchPids = new ArrayList<>();

    @Option(names = "--max-in-flight", defaultValue = "4000", description = "latency, soak, scaleout: PUTs awaiting an answer per process at most; a PUT due beyond it is shed and counted (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--http-connections", defaultValue = "0", description = "Keep-alive connections per process to each gateway for the app-server PUTs; PUTs beyond them wait for a free one (default: throughput one per round trip in flight, so the app servers never queue; storm 1000; otherwise 64).")
    int httpConnections;

    @Option(names = "--kill-pid", description = "storm: the node JVM (holding every device) to kill with SIGKILL.")
    Long killPid;

    @Option(names = "--kill-after", defaultValue = "5s", description = "storm: wait this long after every device is ready, then kill (default: ${DEFAULT-VALUE}).")
    String killAfter;

    @Option(names = "--watch-every", defaultValue = "0s", description = "Also sample the watched JVMs this often while measuring (threads, RSS, heap after a GC for idle, soak and scaleout); 0 for never (default: ${DEFAULT-VALUE}).")
    String watchEvery;

    @Option(names = "--progress", defaultValue = "1s", description = "Progress line interval on stderr, 0 for none (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--webpush", description = "Web Push instead of SimplePush: data-mode devices with VAPID-restricted subscriptions, the app servers POST --payload bytes (aes128gcm-shaped) signed with VAPID (backlog: always).")
    boolean webPush;

    @Option(names = "--payload", defaultValue = "4096", description = "With --webpush: bytes per POST body (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--broadcast-id", defaultValue = "bench/fanout", description = "broadcast: the id every device subscribes to (default: ${DEFAULT-VALUE}).")
    String broadcastId;

    @Option(names = "--broadcast-url", description = "broadcast: the gateway's base URL for PUT /v1/broadcasts/<id>, e.g. http://127.0.0.1:8081.")
    String broadcastUrl;

    @Option(names = "--broadcast-token", description = "broadcast: a bearer token of the id's broadcaster (the gateway's broadcast.tokens).")
    String broadcastToken;

    @Option(names = "--broadcast-every", defaultValue = "10s", description = "broadcast: a new version this often; the first interval is a baseline (default: ${DEFAULT-VALUE}).")
    String broadcastEvery;

    @Option(names = "--broadcast-window", defaultValue = "2s", description = "broadcast: notifications within this long after a set count as during the fan-out (default: ${DEFAULT-VALUE}).")
    String broadcastWindow;

    @Option(names = "--json", description = "Also write the summary to this file.")
    Path json;

    @Option(names = "--worker-slice", hidden = true, description = "i/n: run as worker i of n and report to the parent.")
    String workerSlice;

    @Override
    public Integer call() throws Exception {
        // For a run in this JVM; too late if something here already started the common pool.
        if (System.getProperty(Workers.COMMON_POOL_PROPERTY) == null) {
            System.setProperty(Workers.COMMON_POOL_PROPERTY, Workers.COMMON_POOL_PARALLELISM);
        }
        BenchSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        if (workerSlice != null) {
            String[] slice = workerSlice.split("/");
            int index = Integer.parseInt(slice[0]);
            return Workers.runAsWorker(settings.slice(index, Integer.parseInt(slice[1])), index);
        }
        boolean storm = settings.scenario() == Scenario.STORM;
        if (storm && killPid == null) {
            System.err.println("bench: the storm scenario needs --kill-pid (the node holding every device)");
            return 2;
        }
        long killDelay = Durations.parse("--kill-after", killAfter).toMillis();
        Duration every = Durations.parse("--watch-every", watchEvery);
        int count = processes != null ? processes : Math.max(1, (devices + DEVICES_PER_PROCESS - 1) / DEVICES_PER_PROCESS);
        if (settings.scenario() == Scenario.BACKLOG && count > 1) {
            // Its phases (offline, POSTs, reconnect all at once) would need a barrier between processes.
            System.err.println("bench: the backlog scenario runs in one process: at most " + DEVICES_PER_PROCESS
                    + " devices, no --processes");
            return 2;
        }
        Watch watch;
        Part part;
        if (count == 1) {
            watch = new Watch(watchPids, List.of(ProcessHandle.current().pid()), Watch.heapAfterGc(settings.scenario()),
                    every, stateDir);
            part = new BenchRun(settings, phase -> watch.sample(phase, settings.scenario()), "",
                    storm ? StormTrigger.killing(killPid, killDelay) : null).run();
        } else {
            Workers workers = Workers.start(count, workerArgs(settings), workerHeap);
            watch = new Watch(watchPids, workers.pids(), Watch.heapAfterGc(settings.scenario()), every);
            part = workers.await(phase -> {
                watch.sample(phase, settings.scenario());
                if (storm && phase == Phase.MEASURING) {
                    killLater(workers, killDelay);
                }
            });
        }
        Map<String, Object> report = Report.of(settings, count, part, watch.results(part.devices()));
        if (settings.scenario() == Scenario.BACKLOG && report.get("backlog") instanceof Map<?, ?> section) {
            @SuppressWarnings("unchecked")
            Map<String, Object> backlogSection = (Map<String, Object>) section;
            backlogSection.put("memory", watch.backlogMemory());
        }
        if (!watch.timeline().isEmpty()) {
            report.put("watchTimeline", watch.timeline());
        }
        if (report.get(Report.TIMELINE) instanceof List<?> timeline) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> windows = (List<Map<String, Object>>) timeline;
            Timeline.withServerCpu(windows, watch.cpuEdges());
            Timeline.lines(timeline).forEach(line -> System.err.println("bench: " + line));
        }
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        System.out.println(text);
        if (json != null) {
            Files.writeString(json, text + System.lineSeparator());
        }
        return part.lostChannels() == 0 ? 0 : 1;
    }

    /** The storm's kill, off the thread that reads the workers' output: wait, kill, tell the workers when. */
    private void killLater(Workers workers, long delayMillis) {
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(delayMillis); // the run's own clock: when to kill, not a wait for a condition
                long at = Workers.epochMicros();
                StormTrigger.kill(killPid);
                workers.announceKill(at);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("bench: " + e.getMessage());
            }
        }, "bench-killer");
        killer.setDaemon(true);
        killer.start();
    }

    /** The settings as options again, for a worker JVM (which takes its slice of them). */
    private List<String> workerArgs(BenchSettings s) {
        List<String> args = new ArrayList<>(List.of(s.scenario().name().toLowerCase(Locale.ROOT),
                "--ws-url", String.join(",", s.wsUrls().stream().map(URI::toString).toList()),
                "--devices", Integer.toString(s.devices()),
                "--duration", s.duration().toMillis() + "ms", "--warmup", s.warmup().toMillis() + "ms",
                "--concurrency", Integer.toString(s.concurrency()), "--rate", Integer.toString(s.rate()),
                "--churn", Double.toString(s.churnPerMinute()), "--timeout", s.timeout().toMillis() + "ms",
                "--drain-timeout", s.drainTimeout().toMillis() + "ms",
                "--reconnect-delay", s.reconnectDelay().toMillis() + "ms",
                "--connect-concurrency", Integer.toString(s.connectConcurrency()),
                "--io-threads", Integer.toString(s.ioThreads()), "--progress", s.progress().toMillis() + "ms",
                "--max-in-flight", Integer.toString(s.maxInFlight()),
                "--http-connections", Integer.toString(s.httpConnections())));
        if (s.firstUrlOnly()) {
            args.add("--first-url-only");
        }
        if (s.webPush()) {
            args.addAll(List.of("--webpush", "--payload", Integer.toString(s.webPushPayload())));
        }
        if (s.broadcast().enabled()) {
            args.addAll(List.of("--broadcast-id", s.broadcast().id(), "--broadcast-url", s.broadcast().gateway().toString(),
                    "--broadcast-token", s.broadcast().token(), "--broadcast-every", s.broadcast().every().toMillis() + "ms",
                    "--broadcast-window", s.broadcast().window().toMillis() + "ms"));
        }
        return args;
    }

    private BenchSettings settings() {
        Scenario chosen;
        try {
            chosen = Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + scenario
                    + "': throughput, latency, idle, soak, storm, scaleout, broadcast or backlog");
        }
        String defaultDuration = switch (chosen) {
            case THROUGHPUT -> "120s";
            case LATENCY -> "60s";
            case IDLE -> "30s";
            case SOAK -> "30m";
            case STORM -> "60s";
            case SCALEOUT -> "30s";
            case BROADCAST -> "60s";
            case BACKLOG -> "5m";
        };
        Duration measured = Durations.parse("--duration", duration != null ? duration : defaultDuration);
        String defaultWarmup = switch (chosen) {
            case IDLE, STORM, BACKLOG -> "0s";
            case SCALEOUT -> "5s";
            default -> "10s";
        };
        Duration warm = Durations.parse("--warmup", warmup != null ? warmup : defaultWarmup);
        // A storm loads one node and kills it: every device starts on the first URL.
        return new BenchSettings(chosen, wsUrls, firstUrlOnly || chosen == Scenario.STORM, devices, 0, measured, warm, concurrency > 0 ? concurrency : devices,
                rate != null ? rate : chosen == Scenario.BACKLOG ? 0 : 1000, churn,
                Durations.parse("--timeout", timeout), Durations.parse("--drain-timeout", drainTimeout),
                Durations.parse("--reconnect-delay", reconnectDelay), connectConcurrency, ioThreads,
                Durations.parse("--progress", progress), maxInFlight,
                httpConnections > 0 ? httpConnections
                        : chosen == Scenario.THROUGHPUT ? (concurrency > 0 ? concurrency : devices)
                        // PUTs to devices still routed to the killed node wait out gateway.reply.timeout:
                        // a small pool would queue the rest behind them in the bench.
                        : chosen == Scenario.STORM ? 1000 : 64,
                webPush || chosen == Scenario.BACKLOG ? payload : 0,
                chosen == Scenario.BROADCAST || broadcastToken != null ? broadcast() : BenchBroadcast.NONE,
                backlog, Durations.parse("--offline-grace", offlineGrace));
    }

    private BenchBroadcast broadcast() {
        if (broadcastToken == null || broadcastUrl == null) {
            throw new IllegalArgumentException("the broadcast scenario needs --broadcast-url (the gateway) and "
                    + "--broadcast-token (a token of the id's broadcaster, broadcast.tokens)");
        }
        return new BenchBroadcast(broadcastId, URI.create(broadcastUrl.replaceAll("/+$", "")), broadcastToken,
                Durations.parse("--broadcast-every", broadcastEvery),
                Durations.parse("--broadcast-window", broadcastWindow));
    }
}
