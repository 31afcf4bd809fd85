package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.testing.OrtSessions;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;
import io.streamcream.sovits.testing.Wavs;
import io.streamcream.sovits.text.CmuDict;
import io.streamcream.sovits.text.TextFrontend;

/** The tiny bert graph returns each token's id as its features, so every column shows which character it came from. */
class BertFeaturesTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();
    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "你", "好");
    private static final TextFrontend FRONTEND = new TextFrontend(CmuDict.empty());

    @TempDir
    static Path dir;

    @BeforeAll
    static void open() throws IOException {
        Files.write(dir.resolve("vocab.txt"), VOCAB);
    }

    private static float[] column(float[] features, int n, int col) {
        float[] c = new float[BertFeatures.DIM];
        for (int d = 0; d < BertFeatures.DIM; d++) {
            c[d] = features[d * n + col];
        }
        return c;
    }

    private static List<Float> firstRow(float[] features, int n) {
        List<Float> row = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            row.add(features[i]);
        }
        return row;
    }

    @Test
    void chineseRunsGetTheirCharactersRowsRepeatedByWord2ph() {
        try (Session bert = ORT.open(TinyGraphs.bert(VOCAB.size()))) {
            BertFeatures features = BertFeatures.load(bert, dir.resolve("vocab.txt"));
            TextFrontend.Phonemes ph = FRONTEND.phonemes("你好好。", "zh");
            assertThat(ph.ids().length, is(7));
            float[] f = features.features(ph);
            assertThat(f.length, is(1024 * 7));
            assertThat("你 你 好 好 好 好 and 。 as [UNK]", firstRow(f, 7), is(List.of(4f, 4f, 5f, 5f, 5f, 5f, 1f)));
            float[] last = column(f, 7, 3);
            for (float v : last) {
                assertThat(v, is(5f));
            }
            TextFrontend.Phonemes mixed = FRONTEND.phonemes("你好好ok", "zh");
            float[] g = features.features(mixed);
            int n = mixed.ids().length;
            List<Float> row = firstRow(g, n);
            assertThat(row.subList(0, 6), is(List.of(4f, 4f, 5f, 5f, 5f, 5f)));
            assertThat("English runs are zeros", row.subList(6, n).stream().allMatch(v -> v == 0f), is(true));
            TextFrontend.Phonemes english = FRONTEND.phonemes("hello world", "en");
            float[] e = features.features(english);
            boolean allZero = true;
            for (float v : e) {
                allZero &= v == 0f;
            }
            assertThat(allZero, is(true));
        }
    }

    @Test
    void withoutAGraphEverythingIsZero() {
        float[] f = BertFeatures.zeros().features(FRONTEND.phonemes("你好好。", "zh"));
        boolean allZero = true;
        for (float v : f) {
            allZero &= v == 0f;
        }
        assertThat(f.length, is(1024 * 7));
        assertThat(allZero, is(true));
    }

    @Test
    void aVocabularyWithoutSpecialTokensIsRejected() throws IOException {
        Files.write(dir.resolve("bad.txt"), List.of("你", "好"));
        try (Session bert = ORT.open(TinyGraphs.bert(2))) {
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                    () -> BertFeatures.load(bert, dir.resolve("bad.txt"))).getMessage(), containsString("lacks [CLS]"));
        }
    }

    @Test
    void aBundleWithBertRunsTheWholePipelineFromA48kStereoReference(@TempDir Path root) throws IOException {
        Map<String, Object> m = TestBundles.manifest("withbert");
        Map<String, Object> bertGraph = new java.util.LinkedHashMap<>();
        bertGraph.put("file", "bert.onnx");
        bertGraph.put("vocab", "vocab.txt");
        bertGraph.put("inputs", List.of(Map.of("name", "input_ids", "type", "int64", "dims", List.of(1, "L")),
                Map.of("name", "attention_mask", "type", "int64", "dims", List.of(1, "L")),
                Map.of("name", "token_type_ids", "type", "int64", "dims", List.of(1, "L"))));
        bertGraph.put("outputs", List.of(Map.of("name", "hidden", "type", "float32", "dims", List.of(1, "L", 1024))));
        @SuppressWarnings("unchecked")
        Map<String, Object> graphs = (Map<String, Object>) m.get("graphs");
        graphs.put("bert", bertGraph);
        Path voiceDir = TestBundles.writeVoice(root, "withbert", m, 12);
        Files.write(voiceDir.resolve("bert.onnx"), TinyGraphs.bert(VOCAB.size()));
        Files.write(voiceDir.resolve("vocab.txt"), VOCAB);
        float[] left = Wavs.sine(220, 0.3, 48000, 48000 * 4);
        float[] right = Wavs.sine(330, 0.3, 48000, 48000 * 4);
        byte[] wav = Wavs.encode(new float[][] {left, right}, 48000, 24, false, false, false);
        try (SovitsEngine e = SovitsEngine.open(root, EngineConfig.defaults())) {
            Voice v = e.voice("withbert");
            short[] pcm = v.synthesize(TtsRequest.builder().text("你好好。hello!", "zh").reference(wav, "你好", "zh")
                    .sampling(SamplingParams.defaults().with(1, 1, 1, 1, 7)).fragmentInterval(0.1).build());
            assertThat(pcm.length % (12 * 1280 + 3200), is(0));
        }
    }
}
