package dev.simplepush.node.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void aTaskSubmittedFromATaskRunsAfterItNotInsideIt() {
        SerialExecutor executor = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();
        executor.execute(() -> {
            order.add("outer start");
            executor.execute(() -> order.add("inner"));
            order.add("outer end");
        });

        assertThat(order).containsExactly("outer start", "outer end", "inner");
    }

    @Test
    void anErrorEscapingATaskDoesNotWedgeTheExecutor() {
        SerialExecutor executor = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();

        assertThatThrownBy(() -> executor.execute(() -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);
        executor.execute(() -> order.add("next"));

        assertThat(order).containsExactly("next");
    }

    @Test
    void aFailingTaskDoesNotStopTheNext() {
        SerialExecutor executor = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();
        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(() -> order.add("next"));

        assertThat(order).containsExactly("next");
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInSubmissionOrderPerThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor executor = new SerialExecutor(pool);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int perThread = 2_000;
            List<List<Integer>> seen = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                seen.add(new ArrayList<>());
            }
            CountDownLatch done = new CountDownLatch(4 * perThread);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                submitters.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        executor.execute(() -> {
                            if (running.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            seen.get(thread).add(n);
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            for (List<Integer> list : seen) {
                assertThat(list).isSorted().hasSize(perThread);
            }
        } finally {
            submitters.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void aBusyConnectionYieldsTheWorkerAfterEachTurn() {
        ArrayDeque<Runnable> pool = new ArrayDeque<>();
        SerialExecutor busy = new SerialExecutor(pool::add);
        SerialExecutor quiet = new SerialExecutor(pool::add);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < SerialExecutor.TURN * 3; i++) {
            busy.execute(() -> ran.add("busy"));
        }
        quiet.execute(() -> ran.add("quiet"));

        while (!pool.isEmpty()) {
            pool.poll().run();
        }

        assertThat(ran.indexOf("quiet")).as("the quiet connection's task ran after one turn of the busy one")
                .isEqualTo(SerialExecutor.TURN);
        assertThat(ran).hasSize(SerialExecutor.TURN * 3 + 1);
    }
}
