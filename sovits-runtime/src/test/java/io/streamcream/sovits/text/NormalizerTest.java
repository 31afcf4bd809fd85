package io.streamcream.sovits.text;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0        | 零
            7        | 七
            10       | 十
            12       | 十二
            20       | 二十
            105      | 一百零五
            1010     | 一千零一十
            10001    | 一万零一
            120000   | 十二万
            100000000 | 一亿
            """)
    void cardinals(String digits, String expected) {
        assertThat(ChineseNumbers.cardinal(digits), is(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            今天是2024年12月25日         | 今天是二零二四年十二月二十五日
            现在是23:05:09              | 现在是二十三点零五分零九秒
            时间是9:00~10:30           | 时间是九点至十点半
            增长了-3.5%                | 增长了负百分之三点五
            气温-5℃                    | 气温零下五摄氏度
            他跑了100m                 | 他跑了一百米
            有3/4的人                  | 有四分之三的人
            范围是10-20                | 范围是十到二十
            电话010-12345678           | 电话零幺零,幺二三四五六七八
            共有1000000人              | 共有一百万人
            编号12345                  | 编号一二三四五
            價格：１００元！             | 价格,一百元!
            嗯，好的...                 | 恩,好的…
            他说"hello"~               | 他说…
            """)
    void sentences(String text, String expected) {
        assertThat(ChineseNormalizer.normalize(text), is(expected));
    }
}
