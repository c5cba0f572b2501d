package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void theFactoriesSayLiveAndReadyAsNamed() {
        assertThat(Health.ready("ok")).isEqualTo(new Health(true, true, "ok"));
        assertThat(Health.notReady("starting")).isEqualTo(new Health(true, false, "starting"));
        assertThat(Health.down("stopped")).isEqualTo(new Health(false, false, "stopped"));
    }

    @Test
    void readyWithoutLiveIsRefused() {
        assertThatThrownBy(() -> new Health(false, true, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
