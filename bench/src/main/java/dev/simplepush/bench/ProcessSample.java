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
 * resident memory, threads, and (when asked, after a full GC run through {@code jcmd}) the Java
 * heap in use.
 *
 * @param pid          the process
 * @param cpuMillis    user + system CPU time since it started
 * @param rssKb        resident set size
 * @param threads      threads
 * @param heapUsedKb   heap in use after a GC, or -1 when not measured
 */
record ProcessSample(long pid, long cpuMillis, long rssKb, long threads, long heapUsedKb) {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    static ProcessSample of(long pid, boolean heapAfterGc) throws IOException {
        long heap = -1;
        if (heapAfterGc) {
            jcmd(pid, "GC.run");
            Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            heap = used.find() ? Long.parseLong(used.group(1)) : -1;
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
