package dev.simplepush.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    Watch(List<Long> serverPids, List<Long> benchPids, boolean heapAfterGc) {
        this.serverPids = List.copyOf(serverPids);
        this.benchPids = List.copyOf(benchPids);
        this.heapAfterGc = heapAfterGc;
    }

    /** The idle scenario compares an empty node with a full one; the others, start and end of the load. */
    static Phase firstSample(Scenario scenario) {
        return scenario == Scenario.IDLE ? Phase.STARTING : Phase.MEASURING;
    }

    synchronized void sample(Phase phase, Scenario scenario) {
        if (phase == firstSample(scenario)) {
            take(before);
        } else if (phase == Phase.MEASURED) {
            take(after);
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
        }
        if (role.equals("server")) {
            m.put("rssBytesPerDevice", Report.round((b.rssKb() - a.rssKb()) * 1024.0 / devices));
        }
        return m;
    }
}
