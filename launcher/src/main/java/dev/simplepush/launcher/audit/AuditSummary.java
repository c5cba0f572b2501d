package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts of the records shown, by type and outcome, and latencies per update (uaid, channel,
 * version): from the first {@code accepted} to the first {@code delivered} at or after it, and from
 * that delivery to the first {@code acked} at or after it. The first is also split where
 * streams-state decided the route: {@code accepted} to the first {@code routed} at or after it (the
 * gateway's write, the broker, streams-state's read and decision), and that to the first
 * {@code delivered} at or after it (streams-state's write, the broker, the node's read and its
 * write to the socket). Each spans two hosts' clocks, so their skew shifts it.
 */
public final class AuditSummary {
    private final Map<AuditType, Long> counts = new EnumMap<>(AuditType.class);
    private final Map<AuditType, Map<String, Long>> outcomes = new EnumMap<>(AuditType.class);
    private final Map<UpdateKey, long[]> accepted = new HashMap<>();
    private final Map<UpdateKey, List<Long>> routed = new HashMap<>();
    private final Map<UpdateKey, List<Long>> delivered = new HashMap<>();
    private final Map<UpdateKey, List<Long>> acked = new HashMap<>();
    private long total;

    private record UpdateKey(String uaid, String channel, long version) {
    }

    public void add(AuditEvent event) {
        total++;
        AuditType type = AuditType.of(event);
        counts.merge(type, 1L, Long::sum);
        String outcome = AuditFields.outcome(event);
        if (outcome != null) {
            outcomes.computeIfAbsent(type, t -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
        }
        Long version = AuditFields.version(event);
        if (version == null) {
            return;
        }
        UpdateKey key = new UpdateKey(event.uaid().toLowerCase(), AuditFields.channel(event), version);
        if (event instanceof AuditEvent.Accepted) {
            accepted.merge(key, new long[] {event.time()}, (a, b) -> a[0] <= b[0] ? a : b);
        } else if (event instanceof AuditEvent.Routed) {
            routed.computeIfAbsent(key, k -> new ArrayList<>()).add(event.time());
        } else if (event instanceof AuditEvent.Delivered) {
            delivered.computeIfAbsent(key, k -> new ArrayList<>()).add(event.time());
        } else if (event instanceof AuditEvent.Acked) {
            acked.computeIfAbsent(key, k -> new ArrayList<>()).add(event.time());
        }
    }

    public long total() {
        return total;
    }

    /** Milliseconds from each update's PUT to its first delivery, sorted. */
    public List<Long> acceptedToDelivered() {
        return sinceAccepted(delivered);
    }

    /** Milliseconds from each update's PUT to its first routing decision, sorted. */
    public List<Long> acceptedToRouted() {
        return sinceAccepted(routed);
    }

    /** Milliseconds from each update's PUT to the first of {@code next} at or after it, sorted. */
    private List<Long> sinceAccepted(Map<UpdateKey, List<Long>> next) {
        List<Long> spans = new ArrayList<>();
        accepted.forEach((key, at) -> firstAtOrAfter(next.get(key), at[0]).ifPresent(t -> spans.add(t - at[0])));
        Collections.sort(spans);
        return spans;
    }

    /** Milliseconds from the routing decision after each update's PUT to its first delivery after that, sorted. */
    public List<Long> routedToDelivered() {
        List<Long> spans = new ArrayList<>();
        accepted.forEach((key, at) -> firstAtOrAfter(routed.get(key), at[0])
                .ifPresent(route -> firstAtOrAfter(delivered.get(key), route)
                        .ifPresent(t -> spans.add(t - route))));
        Collections.sort(spans);
        return spans;
    }

    /** Milliseconds from each update's first delivery to its first ack after it, sorted. */
    public List<Long> deliveredToAcked() {
        List<Long> spans = new ArrayList<>();
        delivered.forEach((key, times) -> {
            long first = Collections.min(times);
            firstAtOrAfter(acked.get(key), first).ifPresent(t -> spans.add(t - first));
        });
        Collections.sort(spans);
        return spans;
    }

    private static Optional<Long> firstAtOrAfter(List<Long> times, long at) {
        if (times == null) {
            return Optional.empty();
        }
        return times.stream().filter(t -> t >= at).min(Long::compare);
    }

    public void print(PrintWriter out) {
        out.println("summary: " + total + (total == 1 ? " record" : " records"));
        for (Map.Entry<AuditType, Long> entry : counts.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("  %-12s %8d", entry.getKey().jsonName(),
                    entry.getValue()));
            Map<String, Long> byOutcome = outcomes.get(entry.getKey());
            if (byOutcome != null) {
                List<String> parts = new ArrayList<>();
                byOutcome.forEach((outcome, count) -> parts.add(outcome + ": " + count));
                line.append("   ").append(String.join(", ", parts));
            }
            out.println(line);
        }
        out.println(latencyLine("accepted->delivered", acceptedToDelivered()));
        out.println(latencyLine("  accepted->routed", acceptedToRouted()));
        out.println(latencyLine("  routed->delivered", routedToDelivered()));
        out.println(latencyLine("delivered->acked", deliveredToAcked()));
    }

    static String latencyLine(String name, List<Long> sorted) {
        if (sorted.isEmpty()) {
            return String.format("  %-20s none", name);
        }
        return String.format("  %-20s ms: p50 %d, p90 %d, p99 %d, max %d (n=%d)", name, percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it. */
    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
