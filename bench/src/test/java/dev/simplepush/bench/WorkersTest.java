package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void workersGetTheParentsJitOptionsInTheirOrderAndNothingElse() {
        List<String> parent = List.of("-XX:TieredStopAtLevel=1", "-Xmx2g", "-Dfoo=bar", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=4", "-XX:+UseG1GC");

        assertThat(Workers.jitOptions(parent))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=4");
    }

    @Test
    void aParentOnTheJvmsDefaultsPassesNoJitOption() {
        assertThat(Workers.jitOptions(List.of("-Xmx1g", "-Dorg.jboss.logging.provider=slf4j"))).isEmpty();
    }
}
