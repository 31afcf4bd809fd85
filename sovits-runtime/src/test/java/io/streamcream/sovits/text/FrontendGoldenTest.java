package io.streamcream.sovits.text;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-checked phone sequences for the zh mode with cut5 (upstream's API default). */
class FrontendGoldenTest {
    private static TextFrontend frontend;

    @BeforeAll
    static void load() throws IOException {
        String dict = """
                ;;; a few CMUdict 0.7b entries
                HELLO  HH AH0 L OW1
                HELLO(1)  HH EH0 L OW1
                WORLD  W ER1 L D
                I  AY1
                LIKE  L AY1 K
                MUSIC  M Y UW1 Z IH0 K
                CAT  K AE1 T
                CATS  K AE1 T S
                HAVE  HH AE1 V
                TWO  T UW1
                """;
        frontend = new TextFrontend(CmuDict.read(new ByteArrayInputStream(dict.getBytes(StandardCharsets.US_ASCII))));
    }

    private static List<String> phones(String text, String lang) {
        List<String> out = new ArrayList<>();
        for (String piece : TextSplitter.preSegment(text, lang.equals("en"), TextSplitter.Method.CUT5)) {
            out.addAll(frontend.phonemes(piece, lang).phones());
        }
        return out;
    }

    @Test
    void upstreamExampleIds() {
        List<String> pieces = TextSplitter.preSegment("你好，我是白夜", false, TextSplitter.Method.CUT5);
        TextFrontend.Phonemes p = frontend.phonemes(pieces.getFirst(), "zh");
        assertThat(p.ids(), is(new long[] {227, 167, 158, 119, 1, 316, 232, 251, 214, 122, 103, 318, 31, 3}));
        assertThat(p.normText(), is("你好,我是白夜."));
        assertThat(p.runs().getFirst().word2ph(), is(new int[] {2, 2, 1, 2, 2, 2, 2, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            你好，我是白夜   | n i2 h ao3 , w o3 sh ir4 b ai2 y E4 .
            一天            | . y i4 t ian1 .
            一段            | . y i2 d uan4 .
            看一看          | k an4 y i5 k an4 .
            第一            | . d i4 y i1 .
            一二三          | y i1 EE er4 s an1 .
            我们一起去吧     | w o3 m en5 y i4 q i3 q v4 b a5 .
            我买了一本书     | w o3 m ai3 l e5 y i4 b en3 sh u1 .
            不怕            | . b u2 p a4 .
            不对            | . b u2 d ui4 .
            看不懂          | k an4 b u4 d ong3 .
            不知道          | b u4 zh ir1 d ao4 .
            不会吧          | b u2 h ui4 b a5 .
            你好吗          | n i2 h ao3 m a5 .
            我很好          | w o3 h en3 h ao3 .
            展览馆          | zh an2 l an2 g uan3 .
            老虎            | . l ao2 h u3 .
            纸老虎          | zh ir3 l ao2 h u3 .
            水果            | . sh ui2 g uo3 .
            我喜欢ABC       | w o2 x i3 h uan5 EY1 B IY1 S IY1 .
            好好学习        | h ao2 h ao3 x ve2 x i2 .
            花儿            | . h ua1 EE er1 .
            这儿            | . zh e4 EE er4 .
            一会儿          | y i2 h ui4 EE er4 .
            小孩儿          | x iao3 h ai2 EE er2 .
            东西            | . d ong1 x i5 .
            桌子            | . zh uo1 z i05 .
            走了            | . z ou3 l e5 .
            奶奶            | . n ai3 n ai5 .
            试试            | . sh ir4 sh ir5 .
            上来            | . sh ang4 l ai5 .
            家里            | . j ia1 l i5 .
            三个            | . s an1 g e5 .
            真的吗？        | zh en1 d e5 m a5 ?
            银行            | . y in2 h ang2 .
            行走            | . x ing2 z ou3 .
            长大            | . zh ang3 d a4 .
            明天下雨        | m ing2 t ian1 x ia4 y v3 .
            2024年3月5日    | EE er4 l ing2 EE er4 s i04 n ian2 s an1 y ve4 w u3 r ir4 .
            2024-03-05      | EE er4 l ing2 EE er4 s i04 n ian2 s an1 y ve4 w u3 r ir4 .
            10:30           | sh ir2 d ian3 b an4 .
            08:05           | b a1 d ian3 l ing2 w u3 f en1 .
            50%             | b ai3 f en1 zh ir1 w u3 sh ir2 .
            3.14            | s an1 d ian3 y i1 s i04 .
            -5              | . f u4 w u3 .
            123             | y i1 EE er4 s an1 .
            12个人          | sh ir2 EE er4 g e4 r en2 .
            13812345678     | y ao1 s an1 b a1 y ao1 EE er4 s an1 s i04 w u3 l iu4 q i1 b a1 .
            25℃             | EE er4 sh ir2 w u3 sh e4 sh ir4 d u4 .
            5kg             | w u3 q ian1 k e4 .
            1/3             | s an1 f en1 zh ir1 y i1 .
            他说：“好的！”    | t a1 sh uo1 , h ao3 d e5 !
            嗯              | . EE en1 .
            """)
    void chineseGoldens(String text, String expected) {
        assertThat(String.join(" ", phones(text, "zh")), is(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Hello world          | en  | HH AH0 L OW1 W ER1 L D .
            I like music.        | en  | AY1 L AY1 K M Y UW1 Z IH0 K .
            cat's                | en  | . K AE1 T S .
            A cat                | en  | . EY1 K AE1 T .
            GPT                  | en  | JH IY1 P IY1 T IY1 .
            xyz                  | en  | EH1 K S W AY1 Z IY1 .
            I have 2 cats        | en  | AY1 HH AE1 V T UW1 K AE1 T S .
            streaming model      | en  | S T R IY1 M IH0 NG M AA1 D AH0 L .
            tomorrow             | en  | T AH0 M AA1 R OW1 .
            bilibili             | en  | B IH1 L AH0 B IY1 L IY0 .
            我喜欢music          | zh  | w o2 x i3 h uan5 M Y UW1 Z IH0 K .
            Hello，你好          | zh  | HH AH0 L OW1 , n i2 h ao3 .
            """)
    void englishAndMixedGoldens(String text, String lang, String expected) {
        assertThat(String.join(" ", phones(text, lang)), is(expected));
    }

    @Test
    void freeTtsPhonesBecomeCmuDictPhones() throws IOException {
        assertThat(FreeTtsLexicon.toCmuDict(new String[] {"hh", "ax", "l", "ow1"}), is(List.of("HH", "AH0", "L", "OW1")));
        assertThat(FreeTtsLexicon.toCmuDict(new String[] {"b", "axr", "d", "pau", "ey2"}), is(List.of("B", "ER0", "D", "EY2")));
        TextFrontend own = new TextFrontend(CmuDict.read(new ByteArrayInputStream(
                "TOMORROW  T UW0 M AA1 R OW0\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat("the configured dictionary wins over the fallback (which reads T AH0 M AA1 R OW1)",
                own.phonemes("tomorrow", "en").phones(), is(List.of("T", "UW0", "M", "AA1", "R", "OW0")));
    }

    @Test
    void word2phCoversTheNormalisedTextAndSumsToThePhones() {
        for (String text : List.of("我们一起去吧", "2024年3月5日", "花儿真好看，是吧？")) {
            for (String piece : TextSplitter.preSegment(text, false, TextSplitter.Method.CUT5)) {
                TextFrontend.Phonemes p = frontend.phonemes(piece, "zh");
                for (TextFrontend.Run run : p.runs()) {
                    assertThat(run.word2ph().length, is(run.normText().length()));
                    assertThat(Arrays.stream(run.word2ph()).sum(), is(run.phones().size()));
                }
            }
        }
    }

    @Test
    void unsupportedLanguagesAreNamed() {
        for (String lang : List.of("ja", "ko", "yue", "all_ja", "auto_yue", "fr")) {
            UnsupportedLanguageException e = assertThrows(UnsupportedLanguageException.class,
                    () -> frontend.phonemes("你好", lang));
            assertThat(e.language(), is(lang));
            assertThat(e.getMessage(), containsString(lang));
        }
        assertThat(TextFrontend.checkLanguage("ZH"), is("zh"));
        assertThat(TextFrontend.checkLanguage("All_Zh"), is("all_zh"));
    }
}
