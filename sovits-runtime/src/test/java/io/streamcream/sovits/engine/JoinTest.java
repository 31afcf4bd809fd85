package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class JoinTest {
    private static double w(int i, int n) {
        double s = Math.sin(Math.PI / 2 * (i + 0.5) / n);
        return s * s;
    }

    @Test
    void theHeldTailFadesOutWhileTheContextFadesIn() {
        float[] held = {1, 1, 1, 1};
        float[] audio = {0, 0, 0, 0, 5, 6, 7, 8};
        float[] out = Voice.join(held, audio, 4, 6, 0);
        assertThat(out.length, is(6));
        for (int i = 0; i < 4; i++) {
            assertThat((double) out[i], closeTo(1 - w(i, 4), 1e-6));
        }
        assertThat(out[4], is(5f));
        assertThat(out[5], is(6f));
        assertThat("fade-in and fade-out weights sum to 1", w(1, 4) + w(2, 4), closeTo(1, 1e-12));
    }

    @Test
    void aLongerHeldTailIsEmittedBeforeTheFadeAndTheFirstChunkHasNoFade() {
        float[] out = Voice.join(new float[] {9, 8, 1}, new float[] {0, 3, 4}, 1, 3, 0);
        assertThat(out[0], is(9f));
        assertThat(out[1], is(8f));
        assertThat((double) out[2], closeTo(1 - w(0, 1), 1e-6));
        assertThat(out[3], is(3f));
        assertThat(out[4], is(4f));
        assertThat(Voice.join(new float[0], new float[] {1, 2, 3}, 0, 2, 320), is(new float[] {1, 2}));
    }
}
