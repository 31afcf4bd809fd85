package io.streamcream.sovits.text;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Where a polyphone model's readings replace the dictionary's: characters outside known phrases. */
class PolyphoneModelTest {
    private final ChineseG2p g2p = new ChineseG2p();

    /** A model that reads every occurrence of {@code c} as {@code reading}. */
    private static PolyphoneModel reading(char c, String reading) {
        return sentence -> {
            String[] out = new String[sentence.length()];
            for (int i = 0; i < sentence.length(); i++) {
                if (sentence.charAt(i) == c) {
                    out[i] = reading;
                }
            }
            return out;
        };
    }

    /** The two phones of character {@code index} (every character here is a syllable). */
    private static List<String> syllable(ChineseG2p.Result result, int index) {
        return result.phones().subList(2 * index, 2 * index + 2);
    }

    @Test
    void aSingleCharacterWordTakesTheModelsReadingEitherWay() {
        ChineseG2p.Result chang = g2p.g2p("他长得高", reading('长', "chang2"));
        ChineseG2p.Result zhang = g2p.g2p("他长得高", reading('长', "zhang3"));
        assertThat(syllable(chang, 1), is(List.of("ch", "ang2")));
        assertThat(syllable(zhang, 1), is(List.of("zh", "ang3")));
        assertThat(chang.word2ph(), is(new int[] {2, 2, 2, 2}));
        assertThat("the other characters are untouched", syllable(chang, 0), is(syllable(zhang, 0)));
    }

    @Test
    void aWordThePhraseDictionaryKnowsKeepsItsReading() {
        ChineseG2p.Result forced = g2p.g2p("我去银行", reading('行', "xing2"));
        assertThat(syllable(forced, 3), is(List.of("h", "ang2")));
        assertThat(forced.phones(), is(g2p.g2p("我去银行").phones()));
    }

    @Test
    void withoutAModelTheDictionaryDecides() {
        assertThat(g2p.g2p("他长得高", PolyphoneModel.NONE).phones(), is(g2p.g2p("他长得高").phones()));
    }
}
