package io.streamcream.bench.tts;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.streamcream.tts.mouth.MouthEntry;
import io.streamcream.tts.mouth.MouthTimelines;

/**
 * Issue #10: a mouth timeline for 100 characters of mixed Chinese text (target p99 &lt; 5 ms).
 *
 * <pre>
 * java -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      org.openjdk.jmh.Main MouthTimelineBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2 -bm sample -tu us
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MouthTimelineBenchmark {

    /** 100 characters: Chinese with polyphones, digits, English and punctuation. */
    static final String TEXT = "大家好，欢迎来到我的直播间！今天我们去银行办事，然后一起行走在长长的街道上。"
            + "这款产品的长度是30厘米，价格也很实惠。Hello everyone，我们的Live2D形象会跟着说话张嘴。"
            + "记得点赞关注，下次见！";

    @Benchmark
    public List<MouthEntry> estimate100Characters() {
        return MouthTimelines.estimate(TEXT.substring(0, 100), 25.0);
    }
}
