package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetTest {

    @Test
    void theDevicesOfALostNodeSpreadOverEveryOtherNode() {
        Set<Integer> next = IntStream.range(0, 100).mapToObj(d -> Math.floorMod(Fleet.failoverUrl(0, d, 4), 4))
                .collect(Collectors.toSet());

        assertThat(next).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aDeviceNeverFailsOverToTheNodeItLost() {
        for (int current = 0; current < 8; current++) {
            for (int device = 0; device < 50; device++) {
                assertThat(Math.floorMod(Fleet.failoverUrl(current, device, 3), 3)).isNotEqualTo(current % 3);
            }
        }
    }

    @Test
    void withOneNodeADeviceReconnectsToIt() {
        assertThat(Fleet.failoverUrl(0, 7, 1)).isZero();
    }
}
