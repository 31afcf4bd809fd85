package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.sovits.audio.ReferenceAudioException;
import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;
import io.streamcream.sovits.testing.Wavs;
import io.streamcream.sovits.text.TextException;
import io.streamcream.sovits.text.TextSplitter;
import io.streamcream.sovits.text.UnsupportedLanguageException;

/**
 * The whole pipeline on tiny graphs ({@link TinyGraphs}). A reference of constant PCM16 level {@code 512·m} lasting
 * 3.5 s at 16 kHz gives 102 prompt tokens: 87 of {@code 10m}, one of {@code 5m}, 14 zeros (the padding), summing to
 * {@code 875m}. The T2S graphs then generate {@value #TOKENS} tokens {@code t0, t0+1, …} from {@code t0 = 875m mod
 * 1000}, and VITS turns each into 1280 samples of {@code token/1000}.
 */
class EngineTest {
    private static final int TOKENS = 14;
    private static final String TEXT = "你好，我是白夜。今天天气很好！我们一起去公园散步吧，好不好？";
    private static final SamplingParams GREEDY = SamplingParams.defaults().with(1, 1.0, 1.0, 1.35, 42);

    @TempDir
    static Path root;
    private static SovitsEngine engine;
    private static Voice voice;

    @BeforeAll
    static void open() throws IOException {
        TestBundles.writeVoice(root, "baiye", TestBundles.manifest("baiye"), TOKENS);
        engine = SovitsEngine.open(root, EngineConfig.defaults());
        voice = engine.voice("baiye");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static byte[] reference(int m, double seconds) {
        return Wavs.constant(512 * m, seconds, 16000);
    }

    static TtsRequest request(int m, String text) {
        return TtsRequest.builder().text(text, "zh").reference(reference(m, 3.5), "我是白夜", "zh").sampling(GREEDY).build();
    }

    /** PCM of one segment for a prompt-token sum. */
    static short[] expectedSegment(long promptSum) {
        short[] out = new short[TOKENS * 1280 + 9600];
        for (int i = 0; i < TOKENS; i++) {
            long token = (promptSum % 1000 + i) % 1000;
            short v = (short) (int) ((float) token / 1000f * 32768f);
            java.util.Arrays.fill(out, i * 1280, (i + 1) * 1280, v);
        }
        return out;
    }

    static short[] expectedWhole(long promptSum, int segments) {
        short[] seg = expectedSegment(promptSum);
        short[] out = new short[seg.length * segments];
        for (int s = 0; s < segments; s++) {
            System.arraycopy(seg, 0, out, s * seg.length, seg.length);
        }
        return out;
    }

    @Test
    void streamingModeOneYieldsOneExactChunkPerSegment() {
        List<String> segments = TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5);
        assertThat(segments.size(), greaterThanOrEqualTo(3));
        List<AudioChunk> chunks = new ArrayList<>();
        try (AudioStream s = voice.stream(request(1, TEXT))) {
            for (AudioChunk c = s.next(); c != null; c = s.next()) {
                chunks.add(c);
            }
            assertThat("after the end next() keeps returning null", s.next(), is(nullValue()));
        }
        assertThat(chunks.size(), is(segments.size()));
        for (int i = 0; i < chunks.size(); i++) {
            AudioChunk c = chunks.get(i);
            assertThat(c.index(), is(i));
            assertThat(c.text(), is(segments.get(i)));
            assertThat(c.sampleRate(), is(32000));
            assertThat(c.last(), is(i == chunks.size() - 1));
            assertThat(c.pcm(), is(expectedSegment(875)));
        }
        assertThat(voice.synthesize(request(1, TEXT)), is(expectedWhole(875, segments.size())));
    }

    @Test
    void batchesOfSegmentsGiveTheSameAudioAndModeOneStreamsABatchPerChunk() {
        List<String> segments = TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5);
        int count = segments.size();
        short[] whole = expectedWhole(875, count);
        for (Batching batching : List.of(new Batching(3, 0.75, true, true), new Batching(3, 0.75, true, false),
                new Batching(2, 0, false, true), new Batching(Batching.MAX_BATCH_SIZE, 1.0, true, true))) {
            TtsRequest request = TtsRequest.builder().text(TEXT, "zh").reference(reference(1, 3.5), "我是白夜", "zh")
                    .sampling(GREEDY).batching(batching).build();
            assertThat("mode 0, " + batching, voice.synthesize(request), is(whole));
        }

        TtsRequest pairs = TtsRequest.builder().text(TEXT, "zh").reference(reference(1, 3.5), "我是白夜", "zh")
                .sampling(GREEDY).batching(new Batching(2, 0.75, true, true)).build();
        List<AudioChunk> chunks = new ArrayList<>();
        try (AudioStream s = voice.stream(pairs)) {
            for (AudioChunk c = s.next(); c != null; c = s.next()) {
                chunks.add(c);
            }
        }
        assertThat("one chunk per batch of two, in text order (no bucketing in mode 1)", chunks.size(), is((count + 1) / 2));
        short[] segment = expectedSegment(875);
        for (int i = 0; i < chunks.size(); i++) {
            AudioChunk c = chunks.get(i);
            int first = 2 * i;
            int last = Math.min(first + 1, count - 1);
            assertThat(c.text(), is(String.join("", segments.subList(first, last + 1))));
            assertThat(c.segment(), is(last));
            assertThat(c.pcm().length, is(segment.length * (last - first + 1)));
            assertThat(c.last(), is(i == chunks.size() - 1));
        }
    }

    @Test
    void aSeedGivesTheSameSampledAudioWhateverTheBatching() {
        String text = "第一句话。第二句话比较长一些。第三句。第四句也在这里。";
        List<short[]> results = new ArrayList<>();
        for (Batching batching : List.of(Batching.NONE, new Batching(4, 0.75, true, true), new Batching(2, 0.5, false, false))) {
            TtsRequest request = TtsRequest.builder().text(text, "zh").reference(reference(2, 3.5), "我是白夜", "zh")
                    .sampling(SamplingParams.defaults().with(5, 0.9, 1.0, 1.35, 1234)).batching(batching).build();
            results.add(voice.synthesize(request));
        }
        assertThat(results.get(1), is(results.get(0)));
        assertThat(results.get(2), is(results.get(0)));

        // Bucketing decodes the short segments first; the answer still follows the text.
        TtsRequest bucketed = TtsRequest.builder().text(text, "zh").reference(reference(2, 3.5), "我是白夜", "zh")
                .sampling(GREEDY).batching(new Batching(2, 0.75, true, true)).build();
        List<String> texts = new ArrayList<>();
        try (AudioStream s = voice.wholeText(bucketed)) {
            for (AudioChunk c = s.next(); c != null; c = s.next()) {
                assertThat(c.segment(), is(texts.size()));
                texts.add(c.text());
            }
        }
        assertThat(texts, is(TextSplitter.preSegment(text, false, TextSplitter.Method.CUT5)));
    }

    @Test
    void modeTwoCutsAtMuteTokensAndFallsBackToFixedChunksWithoutATable(@TempDir Path other) throws IOException {
        // Reference 1 makes every segment's tokens 875, 876, … 888. Quiet: 880 and 881 (0.5), 885 (0.9), 886 (0.6).
        // At 6 pending tokens (875–880) the best point is 880 alone → a 6-token chunk; then at 881–886 the pair
        // 885+886 wins → 5 tokens; 886–888 close the segment. With overlap 2 each chunk holds back 2 tokens' audio.
        Map<String, Object> manifest = TestBundles.manifest("muted");
        manifest.put("mute_similarity", "mute.f32");
        Path folder = TestBundles.writeVoice(other, "muted", manifest, TOKENS);
        ByteBuffer table = ByteBuffer.allocate(4 * TinyGraphs.VOCAB).order(ByteOrder.LITTLE_ENDIAN);
        for (int t = 0; t < TinyGraphs.VOCAB; t++) {
            table.putFloat(switch (t) {
                case 880, 881 -> 0.5f;
                case 885 -> 0.9f;
                case 886 -> 0.6f;
                default -> -0.5f;
            });
        }
        Files.write(folder.resolve("mute.f32"), table.array());
        int segments = TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5).size();
        try (SovitsEngine muted = SovitsEngine.open(other, EngineConfig.defaults())) {
            Voice v = muted.voice("muted");
            assertThat(v.cutsAtMuteTokens(), is(true));
            List<Integer> sizes = new ArrayList<>();
            int total = 0;
            try (AudioStream s = v.streamMuteChunks(request(1, TEXT), 4, 2)) {
                for (AudioChunk c = s.next(); c != null; c = s.next()) {
                    if (c.segment() == 0) {
                        sizes.add(c.pcm().length);
                    }
                    total += c.pcm().length;
                }
            }
            assertThat(sizes, is(List.of(4 * 1280, 5 * 1280, 5 * 1280 + 9600)));
            assertThat(total, is(expectedWhole(875, segments).length));
        }
        assertThat("without a table mode 2 streams fixed chunks", voice.cutsAtMuteTokens(), is(false));
        List<Integer> fixed = new ArrayList<>();
        try (AudioStream s = voice.streamMuteChunks(request(1, TEXT), 4, 2)) {
            for (AudioChunk c = s.next(); c != null; c = s.next()) {
                if (c.segment() == 0) {
                    fixed.add(c.pcm().length);
                }
            }
        }
        assertThat(fixed, is(List.of(2 * 1280, 4 * 1280, 4 * 1280, 4 * 1280 + 9600)));

        Files.write(folder.resolve("mute.f32"), new byte[12]);
        try (SovitsEngine e = SovitsEngine.open(other, EngineConfig.defaults())) {
            assertThat(assertThrows(BundleException.class, () -> e.voice("muted")).getMessage(),
                    containsString("expected 1025 float32 values"));
            assertThat("nothing stays open", e.sessions().openCount(), is(0));
        }
    }

    @Test
    void tokenChunkStreamingSplitsEachSegmentAndCrossFadesBackToTheSameAudio() {
        int segments = TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5).size();
        for (int[] setting : new int[][] {{4, 2}, {5, 0}, {16, 2}}) {
            List<AudioChunk> chunks = new ArrayList<>();
            try (AudioStream s = voice.streamTokenChunks(request(1, TEXT), setting[0], setting[1])) {
                for (AudioChunk c = s.next(); c != null; c = s.next()) {
                    chunks.add(c);
                }
            }
            List<Integer> sizes = new ArrayList<>();
            short[] joined = new short[0];
            for (int i = 0; i < chunks.size(); i++) {
                AudioChunk c = chunks.get(i);
                assertThat(c.index(), is(i));
                if (c.segment() == 0) {
                    sizes.add(c.pcm().length);
                }
                short[] next = java.util.Arrays.copyOf(joined, joined.length + c.pcm().length);
                System.arraycopy(c.pcm(), 0, next, joined.length, c.pcm().length);
                joined = next;
            }
            List<Integer> expectedSizes = switch (setting[0]) {
                case 4 -> List.of(2 * 1280, 4 * 1280, 4 * 1280, 4 * 1280 + 9600);
                case 5 -> List.of(5 * 1280, 5 * 1280, 4 * 1280 + 9600);
                default -> List.of(14 * 1280 + 9600);
            };
            assertThat("chunk sizes of segment 0 for " + setting[0] + "/" + setting[1], sizes, is(expectedSizes));
            assertThat(chunks.getLast().last(), is(true));
            assertThat(chunks.stream().filter(AudioChunk::segmentEnd).count(), is((long) segments));
            short[] expected = expectedWhole(875, segments);
            assertThat(joined.length, is(expected.length));
            int worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(joined[i] - expected[i]));
            }
            assertThat("cross-fading identical context audio changes at most the last bit", worst <= 1, is(true));
        }
        assertThat(assertThrows(IllegalArgumentException.class, () -> voice.streamTokenChunks(request(1, TEXT), 2, 2)).getMessage(),
                containsString("overlap_length within 0..min_chunk_length-1"));
    }

    @Test
    void fiveConcurrentRequestsWithDifferentReferencesGetTheirOwnAudio() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<short[]>> results = new ArrayList<>();
            for (int m = 1; m <= 5; m++) {
                TtsRequest r = request(m, TEXT);
                results.add(callers.submit(() -> {
                    start.await();
                    return voice.synthesize(r);
                }));
            }
            start.countDown();
            int segments = TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5).size();
            for (int m = 1; m <= 5; m++) {
                assertThat("reference " + m, results.get(m - 1).get(60, TimeUnit.SECONDS), is(expectedWhole(875L * m, segments)));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void referenceFreeRequestsUseNoPromptTokensAndThePromptIsCached() {
        TtsRequest free = TtsRequest.builder().text("今天天气很好！", "zh").reference(reference(3, 4), "", "zh").sampling(GREEDY).build();
        assertThat(voice.synthesize(free), is(expectedWhole(0, 1)));
        long misses = engine.promptCache().misses();
        long hits = engine.promptCache().hits();
        voice.synthesize(free);
        assertThat(engine.promptCache().hits(), is(hits + 1));
        assertThat(engine.promptCache().misses(), is(misses));
        TtsRequest otherLanguage = TtsRequest.builder().text("今天天气很好！", "zh").reference(reference(3, 4), "", "all_zh")
                .sampling(GREEDY).build();
        voice.synthesize(otherLanguage);
        assertThat("the prompt language is part of the key", engine.promptCache().misses(), is(misses + 1));
    }

    @Test
    void badRequestsGiveClearErrors() {
        assertThat(assertThrows(TextException.class, () -> voice.stream(request(1, "  "))).getMessage(), is("text is required"));
        assertThat(assertThrows(TextException.class, () -> voice.stream(request(1, "。，！？"))).getMessage(), is("请输入有效文本"));
        UnsupportedLanguageException lang = assertThrows(UnsupportedLanguageException.class, () -> voice.stream(
                TtsRequest.builder().text("hello", "xx").reference(reference(1, 3.5), "我是白夜", "zh").build()));
        assertThat(lang.language(), is("xx"));
        assertThat(lang.getMessage(), containsString("xx"));
        assertThat(assertThrows(ReferenceAudioException.class, () -> voice.stream(
                TtsRequest.builder().text("你好", "zh").reference(null, "我是白夜", "zh").build())).getMessage(),
                is("ref_audio_path is required"));
        for (double seconds : new double[] {2, 11, 2.99}) {
            TtsRequest r = TtsRequest.builder().text("你好", "zh").reference(reference(1, seconds), "我是白夜", "zh").build();
            try (AudioStream s = voice.stream(r)) {
                assertThat(seconds + " s", assertThrows(ReferenceAudioException.class, s::next).getMessage(),
                        is("参考音频在3~10秒范围外，请更换！"));
            }
        }
        TtsRequest ten = TtsRequest.builder().text("你好", "zh").reference(reference(1, 10), "我是白夜", "zh").sampling(GREEDY).build();
        assertThat("exactly 10 s is accepted", voice.synthesize(ten).length, is(TOKENS * 1280 + 9600));
        TtsRequest corrupt = TtsRequest.builder().text("你好", "zh").reference("RIFF....WAVEjunk".getBytes(), "我是白夜", "zh").build();
        try (AudioStream s = voice.stream(corrupt)) {
            assertThat(assertThrows(ReferenceAudioException.class, s::next).getMessage(), containsString("WAV"));
        }
        assertThat(assertThrows(IllegalArgumentException.class, () -> TtsRequest.builder().text("你好", "zh")
                .reference(reference(1, 3.5), "", "zh").speedFactor(0).build()).getMessage(), containsString("speed_factor"));
        assertThat(assertThrows(UnknownVoiceException.class, () -> engine.voice("nobody")).getMessage(),
                is("unknown voice \"nobody\"; available: [baiye]"));
    }

    @Test
    void missingGraphsAndGraphsWithWrongIoAreNamed(@TempDir Path other) throws IOException {
        Path broken = TestBundles.writeVoice(other, "missing", TestBundles.manifest("missing"), TOKENS);
        Files.delete(broken.resolve("t2s_step.onnx"));
        Path wrong = TestBundles.writeVoice(other, "wrong", TestBundles.manifest("wrong"), TOKENS);
        Files.write(wrong.resolve("vits.onnx"), TinyGraphs.vitsNoiseEcho());
        Files.write(wrong.resolve("t2s_prefill.onnx"), TinyGraphs.step(TOKENS));
        try (SovitsEngine e = SovitsEngine.open(other, EngineConfig.defaults())) {
            assertThat(assertThrows(BundleException.class, () -> e.voice("missing")).getMessage(),
                    containsString("graph t2s_step file " + broken.resolve("t2s_step.onnx") + " does not exist"));
            assertThat(assertThrows(BundleException.class, () -> e.voice("wrong")).getMessage(),
                    containsString("graph t2s_prefill (" + wrong.resolve("t2s_prefill.onnx") + ") has no input \"phoneme_ids\""));
            assertThat("nothing stays open", e.sessions().openCount(), is(0));
        }
    }

    @Test
    void preferringCudaWithoutAGpuRunsOnCpuWithTheKvCacheInHostMemory(@TempDir Path other) throws Exception {
        TestBundles.writeVoice(other, "gpu", TestBundles.manifest("gpu"), TOKENS);
        EngineConfig config = new EngineConfig(1, 0, 1, true, 8, 1, io.streamcream.sovits.text.CmuDict.empty());
        try (SovitsEngine e = SovitsEngine.open(other, config)) {
            assertThat(e.kvPlacement(), is("host"));
            assertThat(e.voice("gpu").synthesize(request(2, "今天天气很好！")), is(expectedWhole(750, 1)));
        }
    }

    @Test
    void aFullPoolRejectsWithBusyAndCancellationFreesTheSlot(@TempDir Path other) throws Exception {
        TestBundles.writeVoice(other, "solo", TestBundles.manifest("solo"), TOKENS);
        EngineConfig config = new EngineConfig(1, 0, 1, false, 8, 1, io.streamcream.sovits.text.CmuDict.empty());
        try (SovitsEngine e = SovitsEngine.open(other, config)) {
            Voice solo = e.voice("solo");
            AudioStream slow = solo.stream(request(1, TEXT));
            AudioChunk first = slow.next();
            assertThat(first, is(notNullValue()));
            waitFor(() -> solo.running() == 1);
            VoiceBusyException busy = assertThrows(VoiceBusyException.class, () -> solo.stream(request(2, TEXT)));
            assertThat(busy.getMessage(), is("voice \"solo\" is busy: 1 syntheses running and 0 waiting; try again later"));
            slow.close();
            waitFor(() -> solo.running() == 0);
            Thread.sleep(50);
            assertThat(solo.synthesize(request(2, "今天天气很好！")), is(expectedWhole(750, 1)));
        }
    }

    @Test
    void reloadSwapsTheVoiceWithoutDisturbingARunningRequest(@TempDir Path other) throws Exception {
        TestBundles.writeVoice(other, "swap", TestBundles.manifest("swap"), TOKENS);
        EngineConfig config = new EngineConfig(2, 0, 1, false, 8, 1, io.streamcream.sovits.text.CmuDict.empty());
        try (SovitsEngine e = SovitsEngine.open(other, config)) {
            Voice before = e.voice("swap");
            List<AudioChunk> chunks = new ArrayList<>();
            try (AudioStream running = before.stream(request(1, TEXT))) {
                chunks.add(running.next());
                Map<String, Object> m = TestBundles.manifest("swap");
                TestBundles.writeVoice(other, "swap", m, TOKENS + 2);
                Voice after = e.reload("swap");
                assertThat(after == before, is(false));
                assertThrows(IllegalStateException.class, () -> before.stream(request(1, TEXT)));
                for (AudioChunk c = running.next(); c != null; c = running.next()) {
                    chunks.add(c);
                }
                assertThat(e.voice("swap").synthesize(request(1, "今天天气很好！")).length, is((TOKENS + 2) * 1280 + 9600));
            }
            for (AudioChunk c : chunks) {
                assertThat("the old weights finish the old request", c.pcm(), is(expectedSegment(875)));
            }
            assertThat(chunks.size(), is(TextSplitter.preSegment(TEXT, false, TextSplitter.Method.CUT5).size()));
            assertThat(before.awaitClosed(5000), is(true));
        }
    }

    @Test
    void closingTheEngineCancelsStreamsAndWakesTheirConsumers(@TempDir Path other) throws Exception {
        TestBundles.writeVoice(other, "stop", TestBundles.manifest("stop"), TOKENS);
        EngineConfig config = new EngineConfig(1, 1, 1, false, 8, 1, io.streamcream.sovits.text.CmuDict.empty());
        SovitsEngine e = SovitsEngine.open(other, config);
        Voice v = e.voice("stop");
        AudioStream stalled = v.stream(request(1, TEXT));
        AudioStream queued = v.stream(request(2, TEXT));
        waitFor(() -> v.running() == 1);
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> waiting = consumer.submit(() -> {
                try {
                    while (queued.next() != null) {
                        Thread.onSpinWait();
                    }
                    return null;
                } catch (java.util.concurrent.CancellationException c) {
                    return c;
                }
            });
            long start = System.nanoTime();
            e.close();
            assertThat("close does not wait for the 30 s limit", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), is(true));
            assertThat(waiting.get(10, TimeUnit.SECONDS), is(org.hamcrest.Matchers.instanceOf(java.util.concurrent.CancellationException.class)));
            assertThat(stalled.isCancelled(), is(true));
            assertThat(v.running(), is(0));
        } finally {
            consumer.shutdownNow();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
