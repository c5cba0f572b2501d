package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PartTest {

    private static Part partWith(long delivered, long... latencyMicros) {
        Recorder recorder = new Recorder();
        for (int i = 0; i < delivered; i++) {
            recorder.putAnswered(200, 1_000_000);
        }
        for (long micros : latencyMicros) {
            recorder.deliveredAfter(micros * 1_000);
        }
        return Part.of(recorder, 10.0, 5, 0);
    }

    @Test
    void partsOfSeveralProcessesAddUpCountsDevicesAndLatencies() {
        Part a = partWith(3, 1_000, 2_000, 3_000);
        Part b = partWith(2, 10_000, 20_000);

        Part sum = a.plus(b);

        assertThat(sum.count("putsAccepted")).isEqualTo(5);
        assertThat(sum.count("delivered")).isEqualTo(5);
        assertThat(sum.devices()).isEqualTo(10);
        assertThat(sum.histogram(Part.PUT_TO_FRAME).getTotalCount()).isEqualTo(5);
        assertThat(sum.histogram(Part.PUT_TO_FRAME).getMaxValue()).isCloseTo(20_000L, org.assertj.core.data.Percentage.withPercentage(0.1)); // 3 significant digits
        assertThat(sum.byStatus()).containsEntry(200, 5L);
    }

    @Test
    void aPartSurvivesTheJsonLineAWorkerWrites() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Part part = partWith(2, 4_000, 8_000);

        Part read = json.readValue(json.writeValueAsString(part), Part.class);

        assertThat(read.counts()).isEqualTo(part.counts());
        assertThat(read.byStatus()).isEqualTo(part.byStatus());
        assertThat(read.histogram(Part.PUT_TO_FRAME)).isEqualTo(part.histogram(Part.PUT_TO_FRAME));
        assertThat(read.putToFrameSeconds()).isEqualTo(part.putToFrameSeconds()).isNotEmpty();
    }

    @Test
    void theWarmUpIsForgottenButConnectTimesAreKept() {
        Recorder recorder = new Recorder();
        recorder.connectedAfter(5_000_000);
        recorder.putAnswered(200, 1_000);
        recorder.deliveredAfter(1_000);

        recorder.reset();
        Part part = Part.of(recorder, 1.0, 1, 0);

        assertThat(part.count("putsAccepted")).isZero();
        assertThat(part.histogram(Part.PUT_TO_FRAME).getTotalCount()).isZero();
        assertThat(part.histogram(Part.CONNECT).getTotalCount()).isEqualTo(1);
    }

    @Test
    void broadcastArrivalsOfSeveralProcessesMergePerSetKeepingTheTimeToTheLastDevice() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        first.broadcastArrived(1_000_000L, 1_000_120L);
        first.broadcastArrived(1_000_000L, 1_000_300L);
        second.broadcastArrived(1_000_000L, 1_001_500L);
        second.broadcastArrived(1_010_000L, 1_010_050L);

        Part sum = Part.of(first, 10.0, 2, 0).plus(Part.of(second, 10.0, 1, 0));

        assertThat(sum.broadcastSets()).containsOnlyKeys(1_000_000L, 1_010_000L);
        assertThat(sum.broadcastSets().get(1_000_000L).getTotalCount()).isEqualTo(3);
        assertThat(sum.broadcastSets().get(1_000_000L).getMaxValue())
                .isCloseTo(1_500_000L, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(sum.broadcastSets().get(1_010_000L).getTotalCount()).isEqualTo(1);
    }
}
