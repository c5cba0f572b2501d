package dev.simplepush.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The ledger of one run in buckets of {@link #BUCKET_SECONDS} by PUT start, relative to the fault:
 * PUTs started, answered 200, 202 and otherwise, PUT latency and PUT→device p50/p99. Written to
 * {@code target/reliability/timeline-<scenario number>-<run time>.tsv}, so a failover can be read
 * second by second next to the processes' logs (whose clock is the same wall clock).
 */
final class Timeline {
    static final int BUCKET_SECONDS = 2;

    private Timeline() {
    }

    static void write(String scenario, String at, Ledger ledger, long faultNanos) {
        long faultWallMillis = System.currentTimeMillis() - (System.nanoTime() - faultNanos) / 1_000_000;
        TreeMap<Long, List<Ledger.Put>> buckets = new TreeMap<>();
        for (Ledger.Put put : ledger.puts()) {
            long offsetSeconds = Math.floorDiv(put.startNanos() - faultNanos, 1_000_000_000L);
            buckets.computeIfAbsent(Math.floorDiv(offsetSeconds, BUCKET_SECONDS) * BUCKET_SECONDS,
                    key -> new ArrayList<>()).add(put);
        }
        StringBuilder text = new StringBuilder("# ").append(scenario).append(", fault at ")
                .append(java.time.Instant.ofEpochMilli(faultWallMillis)).append('\n')
                .append("from_fault_s\tstarted\t200\t202\tother\tput_p50_ms\tput_p99_ms\tto_device_p50_ms\tto_device_p99_ms\n");
        buckets.forEach((second, puts) -> {
            long ok = puts.stream().filter(put -> put.status() == 200).count();
            long stored = puts.stream().filter(put -> put.status() == 202).count();
            long[] latency = puts.stream().mapToLong(Ledger.Put::millis).sorted().toArray();
            long[] delivery = puts.stream().filter(Ledger.Put::accepted).mapToLong(put -> {
                Long received = ledger.firstReceivedNanos(put.channel(), put.version());
                return received == null ? -1 : Math.max(0, (received - put.startNanos()) / 1_000_000);
            }).filter(millis -> millis >= 0).sorted().toArray();
            text.append(String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d%n", second, puts.size(), ok,
                    stored, puts.size() - ok - stored, quantile(latency, 0.5), quantile(latency, 0.99),
                    quantile(delivery, 0.5), quantile(delivery, 0.99)));
        });
        String number = scenario.contains(".") ? scenario.substring(0, scenario.indexOf('.')) : "x";
        Path file = ReliabilityCluster.ROOT.resolve("timeline-" + number + "-" + at.replace(':', '-') + ".tsv");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, sorted.length * q)];
    }
}
