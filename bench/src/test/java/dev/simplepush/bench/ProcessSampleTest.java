package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessSampleTest {

    @Test
    void theLiveHeapIsTheClassHistogramsTotal() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        157375       38738672  [B (java.base@17.0.15)
                   2:        134595        3230280  java.lang.String (java.base@17.0.15)
                Total        291970       41968952
                """;

        assertThat(ProcessSample.liveHeapKb(histogram)).isEqualTo(41968952 / 1024);
    }

    @Test
    void withoutATotalLineTheHeapIsUnknown() {
        assertThat(ProcessSample.liveHeapKb("12345:\nCould not attach\n")).isEqualTo(-1);
    }

    @Test
    void thisJvmsLiveHeapCanBeSampled() throws Exception {
        ProcessSample sample = ProcessSample.of(ProcessHandle.current().pid(), true);

        assertThat(sample.heapUsedKb()).isPositive();
        assertThat(sample.threads()).isPositive();
    }
}
