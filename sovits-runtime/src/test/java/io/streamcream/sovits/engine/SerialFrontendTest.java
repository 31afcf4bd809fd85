package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.streamcream.sovits.text.CmuDict;
import io.streamcream.sovits.text.PolyphoneModel;
import io.streamcream.sovits.text.TextFrontend;

/** Polyphone inference runs outside the frontend's serialisation, and gives the same phones as a direct call. */
class SerialFrontendTest {
    private final TextFrontend frontend = new TextFrontend(CmuDict.empty());

    /** Reads 长 as chang2, after waiting at {@code barrier} (null: no wait). */
    private static PolyphoneModel chang(CyclicBarrier barrier, AtomicInteger calls) {
        return sentence -> {
            calls.incrementAndGet();
            if (barrier != null) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other request's inference never ran alongside: " + e, e);
                }
            }
            String[] out = new String[sentence.length()];
            for (int i = 0; i < sentence.length(); i++) {
                out[i] = sentence.charAt(i) == '长' ? "chang2" : null;
            }
            return out;
        };
    }

    @Test
    void twoRequestsRunTheirModelsAtTheSameTime() throws Exception {
        SerialFrontend serial = new SerialFrontend(frontend);
        CyclicBarrier both = new CyclicBarrier(2);
        AtomicInteger calls = new AtomicInteger();
        PolyphoneModel model = chang(both, calls);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TextFrontend.Phonemes>> results = pool.invokeAll(List.of(
                    () -> serial.phonemes("他长得高。", "zh", model), () -> serial.phonemes("他长得高。", "zh", model)),
                    30, TimeUnit.SECONDS);
            TextFrontend.Phonemes expected = frontend.phonemes("他长得高。", "zh", chang(null, new AtomicInteger()));
            for (Future<TextFrontend.Phonemes> result : results) {
                assertThat(result.get().phones(), is(expected.phones()));
            }
            assertThat("one inference per sentence and request", calls.get(), is(2));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAModelTheFrontendRunsOnce() {
        SerialFrontend serial = new SerialFrontend(frontend);
        assertThat(serial.phonemes("他长得高。", "zh", PolyphoneModel.NONE).phones(),
                is(frontend.phonemes("他长得高。", "zh").phones()));
    }
}
