package io.streamcream.nativebindings.ort;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

class IoBindingTest {
    private static Environment env;

    @BeforeAll
    static void open() {
        env = Environment.create();
    }

    @AfterAll
    static void close() {
        env.close();
    }

    @Test
    void roundTripIntoPreallocatedOutputs() {
        try (Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
             Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4);
             Tensor y = Tensor.allocate(ElementType.FLOAT, 1, 4);
             IoBinding binding = session.createIoBinding()) {
            binding.bindInput("x", x).bindOutput("y", y);
            binding.run();
            assertThat(y.toFloatArray(), is(new float[] {1, 12, 23, 34}));
            assertThat(binding.outputNames(), contains("y"));

            // Inputs are shared, not copied: change the data and run again.
            x.data().setAtIndex(ValueLayout.JAVA_FLOAT, 0, -1f);
            binding.run();
            assertThat(y.toFloatArray(), is(new float[] {-1, 12, 23, 34}));

            try (RunResult outputs = binding.outputs()) {
                assertThat(outputs.names(), contains("y"));
                assertThat(outputs.get("y").toFloatArray(), is(new float[] {-1, 12, 23, 34}));
            }
        }
    }

    @Test
    void outputsKeptOnTheDeviceFeedTheNextStep() {
        // A decode-loop shape: state' = state * 2 + 1, with the output allocated by ORT on the bound device
        // (CPU here; MemoryInfo.cuda(0) on a GPU) and fed back as the next input without a host copy.
        byte[] step = OnnxModelBuilder.graph("step").input("state", FLOAT, 1L, 3L).output("next", FLOAT, 1L, 3L)
                .initializer("two", new float[] {2}, 1)
                .initializer("one", new float[] {1}, 1)
                .node("Mul", List.of("state", "two"), List.of("doubled"))
                .node("Add", List.of("doubled", "one"), List.of("next"))
                .build();
        try (Session session = OrtTestSupport.session(env, step);
             MemoryInfo device = MemoryInfo.cpu();
             IoBinding binding = session.createIoBinding()) {
            assertThat(device.name(), is("Cpu"));
            assertThat(device.deviceId(), is(0));
            assertThat(device.allocatorType(), is(MemoryInfo.ARENA_ALLOCATOR));
            assertThat(device.memoryType(), is(MemoryInfo.MEM_TYPE_DEFAULT));
            Tensor state = Tensor.ofFloats(new float[] {0, 1, 2}, 1, 3);
            binding.bindOutput("next", device);
            for (int i = 0; i < 5; i++) {
                binding.bindInput("state", state);
                binding.run();
                RunResult outputs = binding.outputs();
                Tensor next = outputs.get("next");
                state.close();
                state = next;
            }
            // x -> 2x+1 five times: x*32 + 31
            assertThat(state.toFloatArray(), is(new float[] {31, 63, 95}));
            state.close();
            binding.clearInputs();
            assertThrows(OrtException.class, binding::run);
        }
    }

    @Test
    void closedBindingAndClosedBoundTensorsFailFast() {
        try (Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(2))) {
            IoBinding binding = session.createIoBinding();
            Tensor x = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
            binding.bindInput("x", x);
            x.close();
            assertThat(assertThrows(IllegalStateException.class, binding::run).getMessage(), is("Tensor is closed"));
            binding.close();
            assertThat(assertThrows(IllegalStateException.class, binding::run).getMessage(), is("IoBinding is closed"));
        }
    }

    @Test
    void unknownNamesAreReportedByOrt() {
        try (Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(2));
             IoBinding binding = session.createIoBinding();
             Tensor x = Tensor.ofFloats(new float[] {1, 2}, 1, 2)) {
            OrtException e = assertThrows(OrtException.class, () -> binding.bindInput("nope", x));
            assertThat(e.code(), is(OrtErrorCode.FAIL));
            assertThat(e.ortMessage(), org.hamcrest.Matchers.containsString("nope"));
        }
    }
}
