package io.streamcream.sovits.text;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextSplitterTest {
    private static final String A = "你好。今天天气很好，我们去公园吧！然后去吃饭？好的";

    @Test
    void cut0KeepsTextOrGivesNewlineForPunctuationOnly() {
        assertThat(TextSplitter.cut0(A), is(A));
        assertThat(TextSplitter.cut0("…!?"), is("\n"));
        assertThat(TextSplitter.cut0(", . -"), is("\n"));
    }

    @Test
    void splitAddsFinalStopAndCutsAfterEverySplitCharacter() {
        assertThat(TextSplitter.sentences(A), contains("你好。", "今天天气很好，", "我们去公园吧！", "然后去吃饭？", "好的。"));
        assertThat(TextSplitter.sentences("等等……好——吧"), contains("等等。", "好，", "吧。"));
    }

    @Test
    void cut1GroupsFourSentencesAndMergesTheRemainderIntoTheLastGroup() {
        // five sentences: range(0,5,4) = [0,4] -> [0,None] -> one group of all five
        assertThat(TextSplitter.cut1(A), is(A + "。"));
        assertThat(TextSplitter.cut1("一。二。三。四。五。六。七。八。九。"), is("一。二。三。四。\n五。六。七。八。九。"));
        // up to four sentences: the input itself (without the added stop)
        assertThat(TextSplitter.cut1("一。二"), is("一。二"));
    }

    @Test
    void cut2AccumulatesPastFiftyCharacters() {
        String s1 = "甲".repeat(30) + "，";
        String s2 = "乙".repeat(30) + "。";
        String s3 = "丙".repeat(10) + "！";
        String s4 = "丁".repeat(50) + "。";
        assertThat(TextSplitter.cut2(s1 + s2 + s3 + s4), is(s1 + s2 + "\n" + s3 + s4));
        // a last piece under 50 joins the one before
        assertThat(TextSplitter.cut2(s1 + s2 + s3), is(s1 + s2 + s3));
        // fewer than two sentences: the input
        assertThat(TextSplitter.cut2("只有一句"), is("只有一句"));
    }

    @Test
    void cut3SplitsAtFullStops() {
        assertThat(TextSplitter.cut3("第一句。第二句。第三句。"), is("第一句\n第二句\n第三句"));
        assertThat(TextSplitter.cut3("好。。坏"), is("好\n坏"));
    }

    @Test
    void cut4SplitsAtDotsNotBetweenDigits() {
        assertThat(TextSplitter.cut4("Hello. It costs 3.5 dollars. Bye."), is("Hello\n It costs 3.5 dollars\n Bye"));
    }

    @Test
    void cut5CutsAfterEachPunctuationMarkButNotDecimalPoints() {
        assertThat(TextSplitter.cut5("你好，世界。价格是3.5元；真的吗？好！"), is("你好，\n世界。\n价格是3.5元；真的吗？\n好！"));
        assertThat(TextSplitter.cut5("a:b;c"), is("a:b;\nc"));
        assertThat(TextSplitter.cut5("好，，坏"), is("好，\n坏"));
    }

    @Test
    void methodsByName() {
        assertThat(TextSplitter.Method.of("cut5"), is(TextSplitter.Method.CUT5));
        assertThat(TextSplitter.Method.of(" CUT0 ").apply("x"), is("x"));
        assertThrows(IllegalArgumentException.class, () -> TextSplitter.Method.of("cut9"));
    }

    @Test
    void preSegmentAsUpstream() {
        assertThat(TextSplitter.preSegment("你好，我是白夜", false, TextSplitter.Method.CUT5), contains("你好，我是白夜。"));
        assertThat(TextSplitter.preSegment("你好，我是白夜", false, TextSplitter.Method.CUT0), contains("。你好，我是白夜。"));
        assertThat(TextSplitter.preSegment("今天天气很好", false, TextSplitter.Method.CUT5), contains("今天天气很好。"));
        assertThat(TextSplitter.preSegment("好。坏。行。", false, TextSplitter.Method.CUT5), contains("好。坏。行。"));
        assertThat(TextSplitter.preSegment("hi", true, TextSplitter.Method.CUT5), contains("hi."));
        assertThat(TextSplitter.preSegment("第一行很长的句子\n第二行也很长的句子", false, TextSplitter.Method.CUT0),
                contains("第一行很长的句子。", "第二行也很长的句子。"));
        assertThat(TextSplitter.preSegment("\n\n", false, TextSplitter.Method.CUT5), is(empty()));
        assertThat(TextSplitter.preSegment("", false, TextSplitter.Method.CUT5), is(empty()));
    }

    @Test
    void punctuationOnlyInputIsRejectedWithUpstreamMessage() {
        TextException e = assertThrows(TextException.class,
                () -> TextSplitter.preSegment("。。。", false, TextSplitter.Method.CUT5));
        assertThat(e.getMessage(), is("请输入有效文本"));
    }

    @Test
    void longPiecesAreSplitGreedily() {
        String text = "啊".repeat(300) + "，" + "啊".repeat(299);
        List<String> pieces = TextSplitter.splitBig(text, 510);
        assertThat(pieces, contains("啊".repeat(300) + "，", "啊".repeat(299)));
        assertThat(TextSplitter.mergeShort(List.of("a", "bc", "defg", "h"), 5), contains("abcdefgh"));
        assertThat(TextSplitter.mergeShort(List.of("abcde", "f"), 5), contains("abcdef"));
        assertThat(TextSplitter.collapsePunctuation("好!!!?坏,,."), is("好!坏,"));
    }
}
