package io.streamcream.sovits.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.sovits.bundle.BundleException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MuteSplitTest {

    /** Tokens 0–9; similarity −0.5 except where set. */
    private static float[] table(float... pairs) {
        float[] t = new float[10];
        Arrays.fill(t, -0.5f);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            t[(int) pairs[i]] = pairs[i + 1];
        }
        return t;
    }

    private static final long[] TOKENS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void noCutBeforeChunkLengthPlusTwoTokens() {
        float[] sim = table(3, 0.9f, 4, 0.9f);
        assertThat(MuteSplit.cut(sim, TOKENS, 0, 5, 4), is(0));
        assertThat(MuteSplit.cut(sim, TOKENS, 0, 6, 4), is(4));
    }

    @Test
    void twoQuietTokensInARowBeatOneLouderOne() {
        // Token 5 (0.9) is followed by a loud token: 0.9 − 1. Tokens 7 and 8 (0.5 each) make 1.0: cut after token 7.
        float[] sim = table(5, 0.9f, 7, 0.5f, 8, 0.5f);
        assertThat(MuteSplit.cut(sim, TOKENS, 0, 9, 4), is(8));
    }

    @Test
    void theCutMustLeaveAtLeastAChunkAndSomethingQuiet() {
        float[] early = table(1, 0.9f, 2, 0.9f);
        assertThat("best point too early", MuteSplit.cut(early, TOKENS, 0, 8, 4), is(0));
        assertThat("nothing quiet", MuteSplit.cut(table(), TOKENS, 0, 10, 4), is(0));
        assertThat("one quiet token before a loud one is not enough", MuteSplit.cut(table(5, 0.9f), TOKENS, 0, 8, 4), is(0));
        assertThat("threshold 0 counts", MuteSplit.cut(table(5, 0f, 6, 0f), TOKENS, 0, 8, 4), is(6));
        assertThat("offsets from the first pending token", MuteSplit.cut(table(7, 0.8f, 8, 0.8f), TOKENS, 2, 10, 4), is(6));
        assertThat("ties go to the first", MuteSplit.cut(table(4, 0.4f, 5, 0.4f, 7, 0.4f, 8, 0.4f), TOKENS, 0, 10, 4),
                is(5));
    }

    @Test
    void theTableMustHaveOneFloatPerToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mute.f32");
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putFloat(0.25f).putFloat(-1f).putFloat(1f);
        Files.write(file, buffer.array());
        assertThat(MuteSplit.load(file, 3)[0], is(0.25f));
        assertThat(assertThrows(BundleException.class, () -> MuteSplit.load(file, 1025)).getMessage(),
                containsString("expected 1025 float32"));
        assertThat(assertThrows(BundleException.class, () -> MuteSplit.load(dir.resolve("none.f32"), 3)).getMessage(),
                containsString("cannot be read"));
    }
}
