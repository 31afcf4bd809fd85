package io.streamcream.tts.speech;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class SentenceSplitterTest {

    private final SentenceSplitter splitter = new SentenceSplitter(12);

    @Test
    void splitsAfterEndMarksKeepingThem() {
        assertThat(splitter.split("你好！今天天气不错。Is it? Yes!"),
                contains("你好！", "今天天气不错。", "Is it?", "Yes!"));
        assertThat(splitter.split("没有结束标点"), contains("没有结束标点"));
        assertThat(splitter.split("  。！？ "), empty());
        assertThat(splitter.split(""), empty());
    }

    @Test
    void longSentencesAreCutAtPausesThenAtTheLimit() {
        assertThat(splitter.split("第一部分很长很长，第二部分也很长很长。"),
                contains("第一部分很长很长，", "第二部分也很长很长。"));
        String unbroken = "这是一句完全没有任何标点符号而且非常非常长的话";
        assertThat(splitter.split(unbroken), hasSize(2));
        assertThat(splitter.split(unbroken).stream().map(s -> s.codePointCount(0, s.length())).toList(),
                everyItem(lessThanOrEqualTo(12)));
    }

    @Test
    void outlinesAreParsedLikeTheOriginalFrontend() {
        assertThat(SpeechWriter.outline("1. 开场\n\n2、介绍\n## 3) 总结 **重点**\n结语"),
                contains("开场", "介绍", "总结 重点", "结语"));
    }
}
