package io.streamcream.sovits.text;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SymbolsAndPinyinTest {
    @Test
    void v2TableHas732EntriesWithTheDocumentedIds() {
        Symbols s = Symbols.v2();
        assertThat(s.size(), is(Symbols.V2_SIZE));
        Map<String, Integer> known = Map.ofEntries(Map.entry("!", 0), Map.entry(",", 1), Map.entry("-", 2),
                Map.entry(".", 3), Map.entry("?", 4), Map.entry("AA", 5), Map.entry("E1", 28), Map.entry("EE", 33),
                Map.entry("OO", 66), Map.entry("SP", 77), Map.entry("SP2", 78), Map.entry("SP3", 79),
                Map.entry("UNK", 86), Map.entry("_", 95), Map.entry("…", 321), Map.entry("[", 322), Map.entry("]", 323));
        known.forEach((symbol, id) -> assertThat(symbol, s.id(symbol), is(id)));
        assertThat(s.symbol(324), is("ㄱ"));
        assertThat(s.symbol(353).startsWith("Y"), is(true));
        assertThat(s.symbol(731).startsWith("Y"), is(true));
        assertThat(s.id("no-such-phone"), is(86));
        // the v1 prefix is sorted
        List<String> v1 = s.all().subList(0, Symbols.V1_SIZE);
        assertThat(v1, is(v1.stream().sorted().toList()));
    }

    @Test
    void pinyinToOpencpopPhones() {
        Map<String, List<String>> cases = Map.ofEntries(
                Map.entry("shi4", List.of("sh", "ir4")), Map.entry("zi3", List.of("z", "i03")),
                Map.entry("ci2", List.of("c", "i02")), Map.entry("ri4", List.of("r", "ir4")),
                Map.entry("a1", List.of("AA", "a1")), Map.entry("e4", List.of("EE", "e4")),
                Map.entry("er2", List.of("EE", "er2")), Map.entry("ou1", List.of("OO", "ou1")),
                Map.entry("ye4", List.of("y", "E4")), Map.entry("yan2", List.of("y", "En2")),
                Map.entry("yu3", List.of("y", "v3")), Map.entry("yuan2", List.of("y", "van2")),
                Map.entry("yue4", List.of("y", "ve4")), Map.entry("yun2", List.of("y", "vn2")),
                Map.entry("yi1", List.of("y", "i1")), Map.entry("you3", List.of("y", "ou3")),
                Map.entry("wu3", List.of("w", "u3")), Map.entry("wei4", List.of("w", "ei4")),
                Map.entry("wen2", List.of("w", "en2")), Map.entry("ju4", List.of("j", "v4")),
                Map.entry("quan2", List.of("q", "van2")), Map.entry("xue2", List.of("x", "ve2")),
                Map.entry("lv4", List.of("l", "v4")), Map.entry("nve4", List.of("n", "ve4")),
                Map.entry("gui4", List.of("g", "ui4")), Map.entry("liu2", List.of("l", "iu2")),
                Map.entry("zhuang1", List.of("zh", "uang1")), Map.entry("xiong2", List.of("x", "iong2")));
        cases.forEach((py, expected) -> {
            List<String> phones = PinyinPhones.phones(py.substring(0, py.length() - 1), py.charAt(py.length() - 1) - '0');
            assertThat(py, phones, is(expected));
            phones.forEach(ph -> assertThat(ph, Symbols.v2().contains(ph), is(true)));
        });
        assertThrows(IllegalArgumentException.class, () -> PinyinPhones.phones("qa", 1));
        assertThrows(IllegalArgumentException.class, () -> PinyinPhones.phones("bv", 1));
        assertThrows(IllegalArgumentException.class, () -> PinyinPhones.phones("shi", 6));
    }

    @Test
    void hanlpPinyinWithContext() {
        assertThat(ChineseG2p.pinyin("银行"), contains("yin2", "hang2"));
        assertThat(ChineseG2p.pinyin("行走"), contains("xing2", "zou3"));
        assertThat(ChineseG2p.pinyin("绿"), contains("lv4"));
    }
}
