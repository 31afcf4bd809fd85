package io.streamcream.tts.mouth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.streamcream.tts.audio.PcmAudio;
import io.streamcream.tts.audio.Wav;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

class MouthTimelinesTest {

    private static List<String> vowels(String text) {
        return MouthTimelines.estimate(text, 0).stream().map(MouthEntry::vowel).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "大家好|a ia ao",
            "银行|in ang",
            "行走|ing ou",
            "长大|ang a",
            "长度|ang u",
            "绿色|ü e",
            "学习|ie i",
            "中国|ong uo",
            "知识|i i",
            "儿子|e i",
            "天空|an ong",
            "月亮|ie ang",
            "熊猫|ong ao",
            "下雪|ia ie",
            "欢迎|an ing",
            "水平|ei ing",
            "快乐|ai e",
            "春天|un an",
            "云朵|un uo",
            "风光|eng ang",
            "去哪|ü a",
            "朋友|eng ou",
            "重要|ong ao",
            "重新|ong in"})
    void chineseVowelsByPinyinInContext(String text, String expected) {
        assertThat(String.join(" ", vowels(text)), is(expected));
    }

    @Test
    void punctuationAndSpacesAreClosedMouthPauses() {
        List<MouthEntry> timeline = MouthTimelines.estimate("你好，世界。 OK", 0);
        assertThat(timeline.stream().map(MouthEntry::ch).toList(), contains("你", "好", "，", "世", "界", "。", " ", "O", "K"));
        MouthEntry comma = timeline.get(2);
        assertThat(comma.vowel(), is(""));
        assertThat(comma.mouthOpen(), is(0.0));
        assertThat(comma.mouthShape(), is("closed"));
        assertThat(timeline.get(0).mouthShape(), is("i"));
        assertThat(timeline.get(1).mouthShape(), is("a"));
        assertThat(timeline.get(1).mouthOpen() > timeline.get(0).mouthOpen(), is(true));
    }

    @Test
    void englishWordsByTheirVowels() {
        assertThat(vowels("hello"), contains("e", "e", "o", "o", "o"));
        assertThat(vowels("stream"), contains("e", "e", "e", "e", "a", "a"));
        assertThat(vowels("Live2D"), contains("i", "i", "e", "e", "e", "e"));
    }

    @Test
    void estimatesScaleToTheRequestedDuration() {
        List<MouthEntry> timeline = MouthTimelines.estimate("你好，世界。", 1.2);
        assertThat(timeline.getFirst().start(), is(0.0));
        assertThat(timeline.getLast().end(), closeTo(1.2, 0.001));
        for (int i = 1; i < timeline.size(); i++) {
            assertThat(timeline.get(i).start(), closeTo(timeline.get(i - 1).end(), 0.0011));
        }
        assertThat(MouthTimelines.estimate("", 1.0).isEmpty(), is(true));
        assertThat(MouthTimelines.frames(timeline, 1.2, 30).size(), is(36));
    }

    /**
     * Synthetic speech: one harmonic tone burst per syllable (smooth attack and decay, so the
     * envelope dips between syllables) with known lengths, silence at the punctuation.
     */
    @Test
    void alignmentFindsKnownSyllableBoundaries() {
        String text = "今天天气很好，我们一起去公园散步吧。";
        int rate = 32_000;
        Random random = new Random(7);
        List<double[]> truth = new ArrayList<>();
        List<Short> samples = new ArrayList<>();
        double t = 0.12;
        addSilence(samples, rate, t, random);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '，' || c == '。') {
                double pause = c == '，' ? 0.28 : 0.35;
                addSilence(samples, rate, pause, random);
                t += pause;
                continue;
            }
            double length = 0.14 + random.nextDouble() * 0.18;
            addSyllable(samples, rate, length, 140 + random.nextInt(80), random);
            truth.add(new double[] {t, t + length});
            t += length;
        }
        short[] pcm = new short[samples.size()];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = samples.get(i);
        }
        PcmAudio audio = new PcmAudio(rate, pcm);
        List<MouthEntry> timeline = MouthTimelines.aligned(text, audio);
        assertThat(timeline.size(), is(text.length()));
        assertThat(timeline.getLast().end(), closeTo(audio.seconds(), 0.001));

        double error = 0;
        int count = 0;
        int syllable = 0;
        for (MouthEntry entry : timeline) {
            if (entry.vowel().isEmpty()) {
                continue;
            }
            double[] expected = truth.get(syllable++);
            error += Math.abs(entry.start() - expected[0]) + Math.abs(entry.end() - expected[1]);
            count += 2;
        }
        double mean = error / count;
        assertThat("mean boundary error " + mean, mean, lessThan(0.040));
        // Round trip through the WAV codec does not change it.
        assertThat(MouthTimelines.aligned(text, Wav.decode(Wav.encode(audio))).size(), is(text.length()));
    }

    @Test
    void audioWithoutDipsOrPausesStillGivesAWholeTimeline() {
        int rate = 16_000;
        short[] tone = new short[rate * 2];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = Wav.toShort(0.4 * Math.sin(2 * Math.PI * 200 * i / rate));
        }
        List<MouthEntry> timeline = MouthTimelines.aligned("你好，世界", new PcmAudio(rate, tone));
        assertThat(timeline.size(), is(5));
        assertThat(timeline.getLast().end(), closeTo(2.0, 0.001));
        for (int i = 1; i < timeline.size(); i++) {
            assertThat(timeline.get(i).start() >= timeline.get(i - 1).start(), is(true));
            assertThat(timeline.get(i).end() >= timeline.get(i).start(), is(true));
        }
        List<MouthEntry> silent = MouthTimelines.aligned("你好", new PcmAudio(rate, new short[rate]));
        assertThat(silent.getLast().end(), closeTo(1.0, 0.001));
    }

    private static void addSilence(List<Short> out, int rate, double seconds, Random random) {
        for (int i = 0; i < (int) (seconds * rate); i++) {
            out.add(Wav.toShort(random.nextGaussian() * 0.002));
        }
    }

    private static void addSyllable(List<Short> out, int rate, double seconds, int pitch, Random random) {
        int n = (int) (seconds * rate);
        int attack = (int) (0.025 * rate);
        int decay = (int) (0.045 * rate);
        for (int i = 0; i < n; i++) {
            double env = i < attack ? 0.5 - 0.5 * Math.cos(Math.PI * i / attack)
                    : i > n - decay ? 0.5 - 0.5 * Math.cos(Math.PI * (n - i) / decay) : 1.0;
            double phase = 2 * Math.PI * pitch * i / rate;
            double v = 0.5 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase);
            out.add(Wav.toShort(env * 0.6 * v + random.nextGaussian() * 0.002));
        }
    }
}
