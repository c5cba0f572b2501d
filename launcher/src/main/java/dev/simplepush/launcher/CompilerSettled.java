package dev.simplepush.launcher;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether the JIT has caught up: true once, over the last {@code window}, the compiler threads
 * were busy for at most {@code busyShare} of it. Asked about once a second by a warm-up loop; a
 * JVM without compilation-time monitoring never reports settled (its warm-up runs its full length).
 */
final class CompilerSettled implements BooleanSupplier {
    private final Duration window;
    private final double busyShare;
    private final LongSupplier compileMillis;
    private final LongSupplier nanoTime;
    private final Deque<long[]> samples = new ArrayDeque<>();

    CompilerSettled(Duration window, double busyShare) {
        this(window, busyShare, CompilerSettled::jvmCompileMillis, System::nanoTime);
    }

    CompilerSettled(Duration window, double busyShare, LongSupplier compileMillis, LongSupplier nanoTime) {
        this.window = window;
        this.busyShare = busyShare;
        this.compileMillis = compileMillis;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean getAsBoolean() {
        long compiled = compileMillis.getAsLong();
        long now = nanoTime.getAsLong();
        if (compiled < 0) {
            return false;
        }
        samples.addLast(new long[] {now, compiled});
        // The oldest sample kept is the youngest one at least a window old: the span measured is
        // never shorter than the window, and only a little longer.
        while (samples.size() > 2 && now - secondOldest()[0] >= window.toNanos()) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        long span = now - oldest[0];
        return span >= window.toNanos() && (compiled - oldest[1]) * 1_000_000.0 <= busyShare * span;
    }

    /** The compiler threads' busy time over the last sample's span, as a share of it; NaN before a span. */
    double lastBusyShare() {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        long[] oldest = samples.peekFirst();
        long[] newest = samples.peekLast();
        return (newest[1] - oldest[1]) * 1_000_000.0 / Math.max(1, newest[0] - oldest[0]);
    }

    private long[] secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    /** Milliseconds the JIT has spent compiling, summed over its threads; -1 if not monitored. */
    static long jvmCompileMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : -1;
    }
}
