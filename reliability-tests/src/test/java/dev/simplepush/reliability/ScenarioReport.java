package dev.simplepush.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The numbers of one scenario run, as one row of the tables in {@code docs/reliability.md}; each
 * run appends its row to {@code target/reliability/results.md}.
 *
 * @param putsStarted     PUTs sent
 * @param accepted        PUTs answered 2xx (200 delivered + 202 stored)
 * @param noResponse      PUTs that got no HTTP answer at all (connection refused or cut)
 * @param otherFailures   PUTs answered with a non-2xx status (e.g. 503)
 * @param delivered       distinct (uaid, channel, version) the devices received and acked
 * @param acceptedDelivered accepted versions among those; the rest of the accepted ones were
 *                        superseded by a newer version before the device got them (spec §13)
 * @param lost            channels whose newest accepted version never reached the device
 * @param putRecoveryMillis from the fault until the end of the last PUT that failed or was slow:
 *                        slower than {@link #SLOW_MILLIS} and than twice the p99 of the PUTs
 *                        before the fault (the loaded test machine's own baseline); 0 if none was
 * @param maxDeliveryMillis from the start of an accepted PUT until its device first got that
 *                        version, the longest (includes devices that were offline on purpose)
 * @param faultWindowAvailability share of the PUTs started in the 30 s after the fault that got a 2xx
 */
record ScenarioReport(String scenario, String at, String load, double achievedRate, long putsStarted,
        long skipped, long accepted, long ok200, long stored202, long notFound, long noResponse,
        long otherFailures, String noResponseCauses, long delivered, long acceptedDelivered, long updatesReceived, long duplicates,
        long outOfOrder, long lost, long slowPuts, long p50PutMillis, long p99PutMillis, long maxPutMillis, long p99DeliveryMillis, long maxDeliveryMillis, long putRecoveryMillis,
        double faultWindowAvailability, long reconnectMillis, long convergeMillis, String note) {

    static final long SLOW_MILLIS = 1_000;
    private static final long FAULT_WINDOW_NANOS = 30_000_000_000L;

    static ScenarioReport of(String scenario, ReliabilitySettings settings, PutLoad load, Ledger ledger,
            long faultNanos, long reconnectMillis, long convergeMillis, String note) {
        List<Ledger.Put> puts = ledger.puts();
        long accepted = 0;
        long ok200 = 0;
        long stored = 0;
        long notFound = 0;
        long noResponse = 0;
        long other = 0;
        long slow = 0;
        long maxMillis = 0;
        long lastBadEnd = faultNanos;
        long[] before = puts.stream().filter(put -> faultNanos == 0 || put.endNanos() < faultNanos)
                .mapToLong(Ledger.Put::millis).sorted().toArray();
        long baselineP99 = before.length == 0 ? 0 : before[(int) Math.min(before.length - 1, before.length * 0.99)];
        long badMillis = Math.max(SLOW_MILLIS, 2 * baselineP99);
        long windowStarted = 0;
        long windowAccepted = 0;
        for (Ledger.Put put : puts) {
            if (put.accepted()) {
                accepted++;
                if (put.status() == 200 || put.status() == 201) {
                    // 201: a POST taken (stored or delivered, spec W4.4).
                    ok200++;
                } else {
                    stored++;
                }
            } else if (put.status() == 404 || put.status() == 410) {
                // 410 is a POST's answer for a channel that is not registered (spec W4.3).
                notFound++;
            } else if (put.status() == Ledger.NO_RESPONSE) {
                noResponse++;
            } else {
                other++;
            }
            boolean isSlow = put.millis() > SLOW_MILLIS;
            if (isSlow) {
                slow++;
            }
            maxMillis = Math.max(maxMillis, put.millis());
            if (faultNanos != 0 && put.endNanos() > faultNanos && (put.millis() > badMillis || !put.accepted())) {
                lastBadEnd = Math.max(lastBadEnd, put.endNanos());
            }
            if (faultNanos != 0 && put.startNanos() >= faultNanos && put.startNanos() < faultNanos + FAULT_WINDOW_NANOS) {
                windowStarted++;
                if (put.accepted()) {
                    windowAccepted++;
                }
            }
        }
        long[] deliveries = puts.stream().filter(Ledger.Put::accepted).mapToLong(put -> {
            Long at = ledger.firstReceivedNanos(put.channel(), put.version());
            return at == null ? -1 : Math.max(0, (at - put.startNanos()) / 1_000_000);
        }).filter(millis -> millis >= 0).sorted().toArray();
        long deliveryP99 = deliveries.length == 0 ? 0
                : deliveries[(int) Math.min(deliveries.length - 1, deliveries.length * 0.99)];
        long deliveryMax = deliveries.length == 0 ? 0 : deliveries[deliveries.length - 1];
        long[] latencies = puts.stream().mapToLong(Ledger.Put::millis).sorted().toArray();
        long p50 = latencies.length == 0 ? 0 : latencies[latencies.length / 2];
        long p99 = latencies.length == 0 ? 0 : latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)];
        return new ScenarioReport(scenario, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                settings.toString(), load.achievedRate(), load.started(), load.skipped(), accepted, ok200, stored,
                notFound, noResponse, other, ledger.noResponseCauses(), ledger.distinctDelivered(), ledger.acceptedDelivered(),
                ledger.updatesReceived(), ledger.duplicates(), ledger.outOfOrder(), ledger.undelivered().size(),
                slow, p50, p99, maxMillis, deliveryP99, deliveryMax, (lastBadEnd - faultNanos) / 1_000_000,
                windowStarted == 0 ? 1.0 : (double) windowAccepted / windowStarted, reconnectMillis,
                convergeMillis, note);
    }

    static String header() {
        return "| run (UTC) | load | PUT/s | PUTs | accepted (200/202) | no 2xx | delivered (of them accepted) "
                + "| duplicates | out of order | lost | PUT recovery | 2xx in 30 s after fault | PUT p50/p99/max "
                + "| PUT to device p99/max | "
                + "devices back | quiet period | note |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        return String.format(java.util.Locale.ROOT,
                "| %s | %s | %.0f | %d | %d (%d/%d) | %d | %d (%d) | %d | %d | %d | %.1f s | %.2f%% | %d/%d/%d ms | %.1f/%.1f s | %s | %.1f s | %s |",
                at, load, achievedRate, putsStarted, accepted, ok200, stored202, noResponse + otherFailures + notFound,
                delivered, acceptedDelivered, duplicates, outOfOrder, lost, putRecoveryMillis / 1000.0,
                faultWindowAvailability * 100, p50PutMillis, p99PutMillis, maxPutMillis,
                p99DeliveryMillis / 1000.0, maxDeliveryMillis / 1000.0,
                reconnectMillis < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", reconnectMillis / 1000.0),
                convergeMillis / 1000.0, note);
    }

    /** Appends this run under its scenario's heading in {@code target/reliability/results.md}. */
    void write() {
        Path file = ReliabilityCluster.ROOT.resolve("results.md");
        String text = "\n### " + scenario + "\n\n" + header() + "\n" + row() + "\n"
                + "\nPUTs skipped (no idle channel or too many in flight): " + skipped + "; slow PUTs (> "
                + SLOW_MILLIS + " ms): " + slowPuts + "; updates received: " + updatesReceived + "; 404: " + notFound
                + "; no response: " + noResponse + " " + noResponseCauses + "; other non-2xx: " + otherFailures + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
