package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    private static BenchSettings settings(int devices, int concurrency, int rate) {
        return new BenchSettings(Scenario.THROUGHPUT, List.of(URI.create("ws://localhost:8080/")), false, devices, 0,
                Duration.ofSeconds(10), Duration.ZERO, concurrency, rate, 0, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(100), 10, 1, Duration.ZERO, 1000, 64, 0);
    }

    @Test
    void slicesShareTheDevicesWithoutGapOrOverlap() {
        BenchSettings all = settings(10_001, 64, 1000);
        List<BenchSettings> slices = IntStream.range(0, 3).mapToObj(i -> all.slice(i, 3)).toList();

        assertThat(slices.stream().mapToInt(BenchSettings::devices).sum()).isEqualTo(10_001);
        assertThat(slices.get(0).deviceOffset()).isZero();
        assertThat(slices.get(1).deviceOffset()).isEqualTo(slices.get(0).devices());
        assertThat(slices.get(2).deviceOffset()).isEqualTo(slices.get(0).devices() + slices.get(1).devices());
        assertThat(slices).allMatch(s -> s.rate() == 333 && s.concurrency() == 21);
    }

    @Test
    void aBadValueIsNamedByItsOption() {
        assertThatThrownBy(() -> settings(0, 1, 1)).hasMessageContaining("--devices");
        assertThatThrownBy(() -> settings(1, 0, 1)).hasMessageContaining("--concurrency");
    }

    @Test
    void durationsReadAsPeopleTypeThem() {
        assertThat(Durations.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--x", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Durations.parse("--duration", "soon")).hasMessageContaining("--duration");
    }
}
