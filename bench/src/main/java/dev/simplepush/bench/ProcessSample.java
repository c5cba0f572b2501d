package dev.simplepush.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux and the JVM say about a process on this machine at one moment: CPU time so far,
 * resident memory, threads, and (when asked) the live Java heap: the total of {@code jcmd
 * GC.class_histogram}, which counts what survives the full GC it runs, in the same pause. (Reading
 * {@code GC.heap_info} after a separate {@code GC.run} also counted whatever a busy server had
 * allocated in between, tens of MB at 1,000 updates/s.)
 *
 * @param pid          the process
 * @param cpuMillis    user + system CPU time since it started
 * @param rssKb        resident set size
 * @param threads      threads
 * @param heapUsedKb   live heap after a full GC, or -1 when not measured
 */
record ProcessSample(long pid, long cpuMillis, long rssKb, long threads, long heapUsedKb) {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    static ProcessSample of(long pid, boolean heapAfterGc) throws IOException {
        long heap = -1;
        if (heapAfterGc) {
            heap = liveHeapKb(jcmd(pid, "GC.class_histogram"));
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        long rss = 0;
        long threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new ProcessSample(pid, ticks * 1000 / TICKS_PER_SECOND, rss, threads, heap);
    }

    /** The live heap in KB from a class histogram's {@code Total} line, or -1 without one. */
    static long liveHeapKb(String histogram) {
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        return total.find() ? Long.parseLong(total.group(1)) / 1024 : -1;
    }

    private static String jcmd(long pid, String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for jcmd", e);
        }
    }
}
