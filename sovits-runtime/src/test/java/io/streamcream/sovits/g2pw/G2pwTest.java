package io.streamcream.sovits.g2pw;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.sovits.testing.OrtSessions;
import io.streamcream.sovits.testing.TinyG2pw;
import io.streamcream.sovits.text.CharVocab;

/** g2pW's tables as upstream builds them, and inference over windows, positions and candidate masks. */
class G2pwTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();
    private static Session session;
    private static G2pwPolyphones model;

    @TempDir
    static Path root;

    @BeforeAll
    static void open() throws IOException {
        TinyG2pw.write(root);
        session = ORT.open(TinyG2pw.graph());
        Path dir = root.resolve("shared/g2pw");
        model = new G2pwPolyphones(session, CharVocab.read(dir.resolve("vocab.txt")),
                G2pwLabels.read(dir.resolve("POLYPHONIC_CHARS.txt"), dir.resolve("bopomofo_to_pinyin_wo_tune_dict.json")));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static G2pwLabels labels(List<String> chars, String json) throws IOException {
        Path c = Files.write(Files.createTempFile(root, "chars", ".txt"), chars);
        Path j = Files.writeString(Files.createTempFile(root, "bopomofo", ".json"), json);
        return G2pwLabels.read(c, j);
    }

    @Test
    void labelsAreSortedCandidatesKeepFileOrderAndCharactersAreSorted() throws IOException {
        G2pwLabels labels = labels(TinyG2pw.POLYPHONIC_CHARS, TinyG2pw.BOPOMOFO_TO_PINYIN);
        assertThat(labels.size(), is(6));
        assertThat(List.of(labels.label(0), labels.label(1), labels.label(2), labels.label(3), labels.label(4),
                labels.label(5)), is(List.of("ㄏㄤ2", "ㄒㄧㄥ2", "ㄓㄤ3", "ㄔㄤ2", "ㄧ1", "ㄧ2")));
        assertThat(labels.reading(0), is("hang2"));
        assertThat(labels.reading(2), is("zhang3"));
        assertThat(labels.candidates('行'), is(new int[] {1, 0}));
        assertThat(labels.candidates('長'), is(new int[] {2, 3}));
        assertThat(List.of(labels.charId('一'), labels.charId('行'), labels.charId('長')), is(List.of(0, 1, 2)));
        assertThat("simplified characters are not in the traditional table", labels.charId('长'), is(-1));
    }

    @Test
    void malformedTablesNameTheirProblem() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> labels(List.of("長 ㄓㄤ3"), "{}")).getMessage(),
                containsString("line 1: expected <character><TAB><bopomofo><tone digit>"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> labels(List.of("長\tㄓㄤ3"), "{\"ㄔㄤ\": \"chang\"}")).getMessage(),
                containsString("no pinyin for the bopomofo of label ㄓㄤ3"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> labels(List.of("長\tㄓㄤ3"), "{\"ㄓㄤ\": \"zhxq\"}")).getMessage(),
                containsString("maps to \"zhxq3\", which is not a Mandarin syllable"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> labels(List.of(""), "{}")).getMessage(),
                containsString("lists no polyphonic character"));
    }

    @Test
    void theModelDecidesEachPolyphoneFromItsContext() {
        assertThat(model.predict("他长得高"), arrayContaining(null, "zhang3", null, null));
        assertThat(model.predict("长度"), arrayContaining("chang2", null));
        assertThat(model.predict("银行"), arrayContaining(null, "hang2"));
        assertThat(model.predict("行走"), arrayContaining("xing2", null));
        assertThat("traditional input works as it is", model.predict("長得"), arrayContaining("zhang3", null));
    }

    @Test
    void yiAndBuAreLeftToToneSandhiAndSentencesWithoutPolyphonesSkipTheGraph() {
        assertThat(model.predict("一行"), arrayContaining(null, "hang2"));
        String[] none = model.predict("他高");
        assertThat(none.length, is(2));
        assertThat(none[0], is(nullValue()));
        assertThat(none[1], is(nullValue()));
    }

    @Test
    void longSentencesUseASixteenCharacterWindowOnEachSide() {
        // 40 characters: 长 at 3 (before 得), 行 at 20 (mid-sentence), 长 at 30 (before 度) and 行 at 39 (last).
        StringBuilder s = new StringBuilder("他他他长得" + "高".repeat(15) + "行" + "走".repeat(9) + "长度" + "他".repeat(7) + "行");
        assertThat(s.length(), is(40));
        String[] readings = model.predict(s.toString());
        assertThat(readings[3], is("zhang3"));
        assertThat(readings[20], is("xing2"));
        assertThat(readings[30], is("chang2"));
        assertThat(readings[39], is("hang2"));
    }

    @Test
    void sentencesAreConvertedToTraditionalCharactersOneForOne() {
        assertThat(G2pwPolyphones.traditional("长银行"), is("長銀行"));
        assertThat(G2pwPolyphones.traditional("他长得高").length(), is(4));
    }
}
