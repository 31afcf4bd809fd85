package io.streamcream.nativebindings.ort;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.cuda.CudaAvailability;
import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * "No device / no driver / CPU-only ORT build" falls back to CPU with one log line, and the session still runs.
 */
class CudaFallbackTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(SessionOptions.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }

    private static CudaAvailability noDriver() {
        return new CudaAvailability(false, 0,
                "no CUDA driver installed: cudaGetDeviceCount returned cudaErrorInsufficientDriver (35)",
                Optional.of("/usr/local/cuda/lib64/libcudart.so"), 13000, 0);
    }

    @Test
    void preferCudaFallsBackToCpuWithOneLogLineAndTheSessionRuns() {
        try (Environment env = Environment.create();
             SessionOptions options = OrtTestSupport.singleThreaded()) {
            ExecutionDevice device = options.preferCuda(0);
            assertThat(device, is(ExecutionDevice.CPU));
            assertThat(options.executionProviders(), is(empty()));
            assertThat(records, hasSize(1));
            String line = records.getFirst().getMessage();
            assertThat(line, containsString("CUDA unavailable, ONNX Runtime falls back to CPU: "));
            assertThat(line, containsString("CPU-only build"));
            CudaAvailability probed = CudaRuntime.probe();
            if (!probed.available()) {
                assertThat(line, containsString(probed.reason()));
            }
            try (Session session = env.createSession(OnnxModelBuilder.addConstant(2), options);
                 Tensor x = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
                 RunResult r = session.run(Map.of("x", x))) {
                assertThat(r.get(0).toFloatArray(), is(new float[] {1, 12}));
            }
        }
    }

    @Test
    void noDriverIsNamedInTheFallbackLine() {
        try (SessionOptions options = SessionOptions.create()) {
            assertThat(options.preferCuda(0, CudaFallbackTest::noDriver), is(ExecutionDevice.CPU));
            assertThat(records, hasSize(1));
            assertThat(records.getFirst().getMessage(), containsString("cudaErrorInsufficientDriver (35)"));
        }
    }

    @Test
    void noDeviceIsNamedInTheFallbackLine() {
        CudaAvailability zeroDevices = new CudaAvailability(false, 0, "no CUDA device present", Optional.empty(), 13000, 13000);
        try (SessionOptions options = SessionOptions.create()) {
            assertThat(options.preferCuda(0, () -> zeroDevices), is(ExecutionDevice.CPU));
            assertThat(records, hasSize(1));
            assertThat(records.getFirst().getMessage(), containsString("no CUDA device present"));
        }
    }

    @Test
    void aDeviceWithACpuOnlyOrtBuildStillFallsBack() {
        // Even if a driver and a device were present, the CPU-only ORT build cannot use them.
        CudaAvailability gpu = new CudaAvailability(true, 1, "ok", Optional.of("libcudart.so.12"), 12040, 12040);
        try (SessionOptions options = SessionOptions.create()) {
            assertThat(options.preferCuda(0, () -> gpu), is(ExecutionDevice.CPU));
            assertThat(records, hasSize(1));
            assertThat(records.getFirst().getMessage(), containsString("is a CPU-only build"));
        }
    }
}
