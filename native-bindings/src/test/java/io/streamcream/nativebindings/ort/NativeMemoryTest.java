package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * 100 000 runs on a tiny model must not grow native memory. Measured two ways: resident set size from
 * {@code /proc/self/status} (coarse, includes the Java heap) and glibc's {@code mallinfo2()} bytes in use (precise,
 * covers ORT's allocations). A leaked {@code OrtValue} per run would add tens of megabytes.
 */
class NativeMemoryTest {
    private static final int WARMUP = 40_000;
    private static final int RUNS = 100_000;
    private static final long RSS_TOLERANCE = 16L << 20;
    private static final long MALLOC_TOLERANCE = 4L << 20;

    @Test
    void noNativeGrowthOver100kRuns() throws IOException {
        try (Environment env = Environment.create();
             Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
             Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4);
             Tensor y = Tensor.allocate(ElementType.FLOAT, 1, 4);
             PreparedRun prepared = session.prepare(Map.of("x", x), Map.of("y", y))) {
            Map<String, Tensor> feeds = Map.of("x", x);
            // Mix the three run shapes: ORT-allocated outputs, preallocated outputs, prepared copy-free run.
            Runnable oneRound = () -> {
                try (RunResult r = session.run(feeds)) {
                    if (r.get(0).data().getAtIndex(ValueLayout.JAVA_FLOAT, 3) != 34f) {
                        throw new AssertionError("wrong result");
                    }
                }
                prepared.run();
            };
            for (int i = 0; i < WARMUP / 2; i++) {
                oneRound.run();
            }
            System.gc();
            long rssBefore = rssBytes();
            Optional<Long> mallocBefore = mallocInUse();
            for (int i = 0; i < RUNS / 2; i++) {
                oneRound.run();
            }
            System.gc();
            long rssGrowth = rssBytes() - rssBefore;
            Optional<Long> mallocGrowth = mallocInUse().flatMap(after -> mallocBefore.map(before -> after - before));
            System.out.printf("native memory over %d runs: RSS %+d KiB, malloc in use %s%n", RUNS, rssGrowth >> 10,
                    mallocGrowth.map(g -> String.format("%+d KiB", g >> 10)).orElse("n/a"));
            assertThat(y.toFloatArray()[3], is(34f));
            assertThat("RSS growth", rssGrowth, lessThan(RSS_TOLERANCE));
            if (mallocGrowth.isPresent()) {
                assertThat("malloc growth", mallocGrowth.get(), lessThan(MALLOC_TOLERANCE));
            }
        }
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** glibc {@code struct mallinfo2}: ten {@code size_t}; uordblks (in-use arena bytes) and hblkhd (mmapped) count. */
    private static Optional<Long> mallocInUse() {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("mallinfo2");
        if (symbol.isEmpty()) {
            return Optional.empty();
        }
        StructLayout layout = MemoryLayout.structLayout(JAVA_LONG.withName("arena"), JAVA_LONG.withName("ordblks"),
                JAVA_LONG.withName("smblks"), JAVA_LONG.withName("hblks"), JAVA_LONG.withName("hblkhd"),
                JAVA_LONG.withName("usmblks"), JAVA_LONG.withName("fsmblks"), JAVA_LONG.withName("uordblks"),
                JAVA_LONG.withName("fordblks"), JAVA_LONG.withName("keepcost"));
        MethodHandle mallinfo2 = linker.downcallHandle(symbol.get(), FunctionDescriptor.of(layout));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) mallinfo2.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            long hblkhd = info.get(JAVA_LONG, layout.byteOffset(MemoryLayout.PathElement.groupElement("hblkhd")));
            long uordblks = info.get(JAVA_LONG, layout.byteOffset(MemoryLayout.PathElement.groupElement("uordblks")));
            return Optional.of(hblkhd + uordblks);
        } catch (Throwable t) {
            return Optional.empty();
        }
    }
}
