package io.streamcream.nativebindings.ort;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int RUNS_PER_THREAD = 2_000;

    @Test
    void eightThreadsShareOneSession() throws Exception {
        try (Environment env = Environment.create();
             Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        int checked = 0;
                        try (Tensor x = Tensor.allocate(ElementType.FLOAT, 1, 4);
                             Tensor y = Tensor.allocate(ElementType.FLOAT, 1, 4)) {
                            for (int i = 0; i < RUNS_PER_THREAD; i++) {
                                float base = thread * 1_000_000f + i;
                                x.data().setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, base);
                                if (i % 2 == 0) {
                                    try (RunResult r = session.run(Map.of("x", x))) {
                                        assertThat(r.get(0).toFloatArray()[0], is(base));
                                    }
                                } else {
                                    session.runInto(Map.of("x", x), Map.of("y", y));
                                    assertThat(y.toFloatArray()[0], is(base));
                                }
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(60, TimeUnit.SECONDS);
                }
                assertThat(total, is(THREADS * RUNS_PER_THREAD));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeWaitsForRunsInProgressAndLaterRunsFailFast() throws Exception {
        Environment env = Environment.create();
        Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)) {
            CountDownLatch running = new CountDownLatch(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    running.countDown();
                    while (true) {
                        try (RunResult r = session.run(Map.of("x", x))) {
                            assertThat(r.get(0).toFloatArray()[3], is(34f));
                            completed.incrementAndGet();
                        } catch (IllegalStateException closed) {
                            refused.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            running.await();
            Thread.sleep(50);
            session.close();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(refused.get(), is(4));
            assertThat(completed.get() > 0, is(true));
            assertThrows(IllegalStateException.class, () -> session.run(Map.of("x", x)));
        } finally {
            pool.shutdownNow();
            env.close();
        }
    }
}
