package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TimelineTest {

    /** A part whose i-th delivery arrived at epoch second {@code seconds[i]} after {@code latencyMillis[i]}. */
    private static Part part(long measuredFromMillis, long[] seconds, long[] latencyMillis) {
        Part out = Part.of(new Recorder(), 1.0, 1, 0, measuredFromMillis);
        for (int i = 0; i < seconds.length; i++) {
            Histogram h = new Histogram(Recorder.MAX_MICROS, 3);
            h.recordValue(latencyMillis[i] * 1000);
            out = out.plus(new Part(Map.of(), Map.of(), Map.of(), 1.0, 0, 0, Map.of(seconds[i], encoded(h)), 0));
        }
        return out;
    }

    private static String encoded(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    @Test
    void windowsAreLaidFromTheMeasuredPhasesStartWithTheWarmUpBeforeIt() {
        long start = 1_000_000L;
        Part part = part(start * 1000, new long[] {start - 15, start - 1, start, start + 9, start + 10},
                new long[] {900, 5, 4, 6, 3});

        List<Map<String, Object>> timeline = Timeline.of(part);

        assertThat(timeline).extracting(w -> w.get("t")).containsExactly(-20L, -10L, 0L, 10L);
        assertThat(timeline).extracting(w -> w.get("phase")).containsExactly("warmup", "warmup", "measured", "measured");
        assertThat(timeline).extracting(w -> w.get("count")).containsExactly(1L, 1L, 2L, 1L);
        assertThat((double) timeline.get(0).get("p99")).isBetween(899.0, 901.0);
        assertThat((double) timeline.get(2).get("max")).isBetween(5.99, 6.01);
    }

    @Test
    void deliveriesRecordedByTwoProcessesAllCountAndTheEarlierMeasuredStartIsTheAnchor() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        a.deliveredAfter(2_000_000);
        b.deliveredAfter(40_000_000);
        long now = System.currentTimeMillis();

        Part sum = Part.of(a, 1, 1, 0, now).plus(Part.of(b, 1, 1, 0, now - 500));

        assertThat(sum.measuredFromMillis()).isEqualTo(now - 500);
        assertThat(Timeline.of(sum).stream().mapToLong(w -> (Long) w.get("count")).sum()).isEqualTo(2);
    }

    @Test
    void theWarmUpsDeliveriesStayInTheTimelineAfterTheTotalsAreReset() {
        Recorder recorder = new Recorder();
        recorder.deliveredAfter(1_000_000);
        recorder.reset();

        Part part = Part.of(recorder, 1, 1, 0, System.currentTimeMillis() + 60_000);

        assertThat(part.histogram(Part.PUT_TO_FRAME).getTotalCount()).isZero();
        assertThat(Timeline.of(part)).singleElement().satisfies(w -> assertThat(w.get("phase")).isEqualTo("warmup"));
    }

    @Test
    void aPersonReadsOneLinePerWindow() {
        long start = 2_000_000L;
        Part part = part(start * 1000, new long[] {start + 1, start + 12}, new long[] {3, 2_048});

        List<String> lines = Timeline.lines(Timeline.of(part));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("t=  +10s").contains("measured").containsPattern("p99 +204[89]\\.0 ms");
    }

    @Test
    void eachMeasuredWindowWithBothEdgesSampledGetsTheServersCpuPerDelivery() {
        long start = 3_000_000L;
        Part part = part(start * 1000, new long[] {start - 5, start + 1, start + 2, start + 11, start + 25},
                new long[] {7, 3, 4, 5, 6});

        // CPU at 0 s, 10 s and 20 s of the measured phase; the window from 20 s has no end sample.
        List<Map<String, Object>> timeline = Timeline.withServerCpu(Timeline.of(part), List.of(1_000L, 1_500L, 1_800L));

        assertThat(timeline).extracting(w -> w.get("t")).containsExactly(-10L, 0L, 10L, 20L);
        assertThat(timeline).extracting(w -> w.get("serverCpuMillisPerUpdate"))
                .containsExactly(null, 250.0, 300.0, null);
        assertThat(Timeline.lines(timeline).get(2)).endsWith("server CPU 250.000 ms/update");
        assertThat(Timeline.lines(timeline).get(4)).doesNotContain("server CPU");
    }

    @Test
    void aWindowTouchingAFailedSampleGetsNoCpu() {
        long start = 4_000_000L;
        Part part = part(start * 1000, new long[] {start + 1, start + 11}, new long[] {3, 4});

        List<Map<String, Object>> timeline = Timeline.withServerCpu(Timeline.of(part), List.of(-1L, 2_000L, 2_600L));

        assertThat(timeline).extracting(w -> w.get("serverCpuMillisPerUpdate")).containsExactly(null, 600.0);
    }

    @Test
    void aRunWithoutDeliveriesHasNoTimeline() {
        assertThat(Timeline.of(Part.of(new Recorder(), 1, 1, 0, 1_000))).isEmpty();
    }
}
