package dev.simplepush.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Which JIT this JVM runs: tiered (the JVM's default) or C2 only, as {@code ./simplepush dev}
 * starts it (launcher/dev-jvm.options). C2 alone pays off only after dev mode's warm-up; without
 * one, code runs interpreted until it is hot enough for C2, so that pair gets a warning.
 */
final class JitMode {
    private JitMode() {
    }

    /** Whether tiered compilation is on; empty on a JVM that does not say (not HotSpot). */
    static Optional<Boolean> tiered() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? Optional.empty()
                    : Optional.of(Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How the JIT runs, for the warm-up's log line. */
    static String describe(Optional<Boolean> tiered) {
        return tiered.map(on -> on ? "tiered" : "C2 only").orElse("unknown");
    }

    /** The warning for a JVM that starts cold with C2 alone, or empty when the pair is sound. */
    static Optional<String> coldStartWarning(Duration warmup, Optional<Boolean> tiered) {
        if (!warmup.isZero() || tiered.orElse(true)) {
            return Optional.empty();
        }
        return Optional.of("dev mode starts without a warm-up on a JVM without tiered compilation "
                + "(-XX:-TieredCompilation, launcher/dev-jvm.options): its code runs interpreted until C2 "
                + "compiles it, so the first minute under load answers slowly; set "
                + "SIMPLEPUSH_JAVA_OPTS=-XX:+TieredCompilation to start cold with the JVM's default JIT");
    }
}
