package dev.simplepush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JitModeTest {
    @Test
    void aColdStartWithC2AloneIsWarnedAboutAndNamesTheWayBack() {
        Optional<String> warning = JitMode.coldStartWarning(Duration.ZERO, Optional.of(false));

        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("SIMPLEPUSH_JAVA_OPTS=-XX:+TieredCompilation"), warning.get());
    }

    @Test
    void aWarmUpOrTieredCompilationNeedsNoWarning() {
        assertEquals(Optional.empty(), JitMode.coldStartWarning(Duration.ofSeconds(30), Optional.of(false)));
        assertEquals(Optional.empty(), JitMode.coldStartWarning(Duration.ZERO, Optional.of(true)));
        assertEquals(Optional.empty(), JitMode.coldStartWarning(Duration.ZERO, Optional.empty()));
    }

    @Test
    void theJvmsOwnFlagIsRead() {
        boolean offOnCommandLine = ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:-TieredCompilation");

        assertEquals(Optional.of(!offOnCommandLine), JitMode.tiered());
        assertEquals(offOnCommandLine ? "C2 only" : "tiered", JitMode.describe(JitMode.tiered()));
    }
}
