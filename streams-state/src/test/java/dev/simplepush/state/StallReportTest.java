package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StallReportTest {

    @Test
    void theStacksNameEveryThreadOfTheApplicationWithWhereItWaitsAndNoOtherThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread streamThread = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stall-report-app-1234-StreamThread-1");
        streamThread.start();
        try {
            while (streamThread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }

            String stacks = StallReport.stacks("stall-report-app");

            assertThat(stacks).contains("\"stall-report-app-1234-StreamThread-1\"", "java.util.concurrent.CountDownLatch.await(")
                    .doesNotContain("\"main\"");
        } finally {
            release.countDown();
            streamThread.join();
        }
    }

    @Test
    void noThreadOfTheApplicationGivesAnEmptyReport() {
        assertThat(StallReport.stacks("no-such-application-" + System.nanoTime())).isEmpty();
    }
}
