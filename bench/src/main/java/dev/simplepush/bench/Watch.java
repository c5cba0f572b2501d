package dev.simplepush.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples processes at the start and end of the measured window: the server JVMs named by
 * {@code --watch-pid} (CPU per update, memory per connection, threads) and the bench's own.
 */
final class Watch {
    private final List<Long> serverPids;
    private final List<Long> benchPids;
    private final boolean heapAfterGc;
    private final Map<Long, ProcessSample> before = new LinkedHashMap<>();
    private final Map<Long, ProcessSample> after = new LinkedHashMap<>();
    private final Duration every;
    /** Samples of the server JVMs while measuring, every {@link #every}. */
    private final List<Map<String, Object>> timeline = new ArrayList<>();
    /** Backlog: the server samples by phase (before the POSTs, stored, after the flush). */
    private final Map<Phase, Map<Long, ProcessSample>> byPhase = new java.util.EnumMap<>(Phase.class);
    /** Backlog: the state directory's size by phase; null without {@code --state-dir}. */
    private final Path stateDir;
    private final Map<Phase, DirectorySize> stateDirByPhase = new java.util.EnumMap<>(Phase.class);
    private ScheduledExecutorService sampler;
    /** The servers' total CPU at the measured phase's start and every timeline window after it. */
    private final List<Long> cpuEdges = new ArrayList<>();
    private ScheduledExecutorService cpuSampler;
    private long measuringSince;

    Watch(List<Long> serverPids, List<Long> benchPids, boolean heapAfterGc) {
        this(serverPids, benchPids, heapAfterGc, Duration.ZERO);
    }

    /** @param every also sample the server JVMs this often while measuring; zero for never */
    Watch(List<Long> serverPids, List<Long> benchPids, boolean heapAfterGc, Duration every) {
        this(serverPids, benchPids, heapAfterGc, every, null);
    }

    /** @param stateDir also measure this directory (streams-state's RocksDB) at each backlog phase; or null */
    Watch(List<Long> serverPids, List<Long> benchPids, boolean heapAfterGc, Duration every, Path stateDir) {
        this.stateDir = stateDir;
        this.serverPids = List.copyOf(serverPids);
        // A process watched as a server (a test's own JVM) is sampled once, as a server.
        this.benchPids = benchPids.stream().filter(pid -> !serverPids.contains(pid)).toList();
        this.heapAfterGc = heapAfterGc;
        this.every = every;
    }

    /**
     * Idle and scale-out compare empty nodes with full ones, and their heap after a GC; soak watches
     * the heap after a GC over time. Forcing a GC costs a pause, so the load scenarios skip it.
     */
    static boolean heapAfterGc(Scenario scenario) {
        return scenario == Scenario.IDLE || scenario == Scenario.SCALEOUT || scenario == Scenario.SOAK
                || scenario == Scenario.BACKLOG;
    }

    /** Idle and scale-out compare empty nodes with full ones; the others, start and end of the load. */
    static Phase firstSample(Scenario scenario) {
        return scenario == Scenario.IDLE || scenario == Scenario.SCALEOUT ? Phase.STARTING : Phase.MEASURING;
    }

    synchronized void sample(Phase phase, Scenario scenario) {
        if (phase == firstSample(scenario)) {
            take(before);
        } else if (phase == Phase.MEASURED) {
            stopTimeline();
            take(after);
        }
        if (phase == Phase.MEASURING) {
            startTimeline();
        }
        if (scenario == Scenario.BACKLOG && phase != Phase.STARTING) {
            Map<Long, ProcessSample> samples = phase == Phase.MEASURING ? before
                    : phase == Phase.MEASURED ? after : new LinkedHashMap<>();
            if (phase == Phase.STORED) {
                for (long pid : serverPids) {
                    samples.put(pid, sampleOrNull(pid, heapAfterGc));
                }
            }
            byPhase.put(phase, new LinkedHashMap<>(samples));
            if (stateDir != null) {
                DirectorySize size = DirectorySize.of(stateDir);
                stateDirByPhase.put(phase, size);
                System.err.println("bench: " + label(phase) + ": " + stateDir + " holds " + size.bytes() + " bytes in "
                        + size.files() + " files");
            }
            for (long pid : serverPids) {
                ProcessSample s = samples.get(pid);
                if (s != null) {
                    System.err.println("bench: " + label(phase) + ": pid " + pid + " RSS " + s.rssKb() + " KB"
                            + (s.heapUsedKb() >= 0 ? ", heap after GC " + s.heapUsedKb() + " KB" : ""));
                }
            }
        }
    }

    /** The backlog's name for a moment of its run. */
    static String label(Phase phase) {
        return switch (phase) {
            case STARTING -> "starting";
            case MEASURING -> "beforePosts";
            case STORED -> "backlogStored";
            case MEASURED -> "afterFlush";
        };
    }

    /**
     * Backlog: each server JVM's RSS and heap after a GC, and the state directory's size, before
     * the POSTs, with the backlog stored and after the flush.
     */
    synchronized Map<String, Object> backlogMemory() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> servers = new ArrayList<>();
        for (long pid : serverPids) {
            Map<String, Object> rss = new LinkedHashMap<>();
            Map<String, Object> heap = new LinkedHashMap<>();
            byPhase.forEach((phase, samples) -> {
                ProcessSample s = samples.get(pid);
                if (s != null) {
                    rss.put(label(phase), s.rssKb());
                    if (s.heapUsedKb() >= 0) {
                        heap.put(label(phase), s.heapUsedKb());
                    }
                }
            });
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("pid", pid);
            server.put("rssKb", rss);
            server.put("heapUsedKbAfterGc", heap);
            servers.add(server);
        }
        if (!servers.isEmpty()) {
            out.put("servers", servers);
        }
        if (stateDir != null) {
            Map<String, Object> dir = new LinkedHashMap<>();
            dir.put("path", stateDir.toString());
            Map<String, Object> bytes = new LinkedHashMap<>();
            Map<String, Object> files = new LinkedHashMap<>();
            stateDirByPhase.forEach((phase, size) -> {
                bytes.put(label(phase), size.bytes());
                files.put(label(phase), size.files());
            });
            dir.put("bytes", bytes);
            dir.put("files", files);
            out.put("stateDir", dir);
        }
        return out;
    }

    private void startTimeline() {
        measuringSince = System.nanoTime();
        if (serverPids.isEmpty()) {
            return;
        }
        cpuSampler = daemonScheduler("bench-watch-cpu");
        cpuSampler.scheduleAtFixedRate(this::sampleCpuEdge, 0, Timeline.WINDOW_SECONDS, TimeUnit.SECONDS);
        if (every.isZero()) {
            return;
        }
        sampler = daemonScheduler("bench-watch");
        long millis = every.toMillis();
        sampler.scheduleAtFixedRate(this::sampleTimeline, 0, millis, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemonScheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    private void stopTimeline() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
        if (cpuSampler != null) {
            cpuSampler.shutdownNow();
            cpuSampler = null;
        }
    }

    private void sampleCpuEdge() {
        long total = 0;
        for (long pid : serverPids) {
            ProcessSample sample = sampleOrNull(pid, false);
            if (sample == null) {
                total = -1;
                break;
            }
            total += sample.cpuMillis();
        }
        synchronized (cpuEdges) {
            cpuEdges.add(total);
        }
    }

    /** The servers' total CPU milliseconds at the measured phase's start and every 10 s after it (-1: not sampled). */
    List<Long> cpuEdges() {
        synchronized (cpuEdges) {
            return List.copyOf(cpuEdges);
        }
    }

    private void sampleTimeline() {
        double seconds = Math.round((System.nanoTime() - measuringSince) / 1e8) / 10.0;
        for (long pid : serverPids) {
            ProcessSample sample = sampleOrNull(pid, heapAfterGc);
            if (sample == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", seconds);
            m.put("pid", pid);
            m.put("threads", sample.threads());
            m.put("rssKb", sample.rssKb());
            if (sample.heapUsedKb() >= 0) {
                m.put("heapUsedKb", sample.heapUsedKb());
            }
            synchronized (timeline) {
                timeline.add(m);
            }
            System.err.println("bench: watch " + m);
        }
    }

    /** The samples taken while measuring, oldest first. */
    List<Map<String, Object>> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    private void take(Map<Long, ProcessSample> into) {
        for (long pid : serverPids) {
            into.put(pid, sampleOrNull(pid, heapAfterGc));
        }
        for (long pid : benchPids) {
            into.put(pid, sampleOrNull(pid, false));
        }
    }

    private static ProcessSample sampleOrNull(long pid, boolean heap) {
        try {
            return ProcessSample.of(pid, heap);
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: could not sample process " + pid + ": " + e.getMessage());
            return null;
        }
    }

    synchronized List<Map<String, Object>> results(int devices) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long pid : serverPids) {
            out.add(result(pid, "server", devices));
        }
        for (long pid : benchPids) {
            out.add(result(pid, "bench", devices));
        }
        out.removeIf(m -> m == null);
        return out;
    }

    private Map<String, Object> result(long pid, String role, int devices) {
        ProcessSample a = before.get(pid);
        ProcessSample b = after.get(pid);
        if (a == null || b == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("role", role);
        m.put("cpuMillis", b.cpuMillis() - a.cpuMillis());
        m.put("rssKbBefore", a.rssKb());
        m.put("rssKbAfter", b.rssKb());
        m.put("threadsBefore", a.threads());
        m.put("threadsAfter", b.threads());
        if (a.heapUsedKb() >= 0 && b.heapUsedKb() >= 0) {
            m.put("heapUsedKbBefore", a.heapUsedKb());
            m.put("heapUsedKbAfter", b.heapUsedKb());
            m.put("heapBytesPerDevice", Report.round((b.heapUsedKb() - a.heapUsedKb()) * 1024.0 / devices));
            if (a.heapUsedKb() > 0) {
                m.put("heapGrowthPercent", Report.round((b.heapUsedKb() - a.heapUsedKb()) * 100.0 / a.heapUsedKb()));
            }
        }
        if (role.equals("server")) {
            m.put("rssBytesPerDevice", Report.round((b.rssKb() - a.rssKb()) * 1024.0 / devices));
        }
        return m;
    }
}
