package io.streamcream.nativebindings.ort;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * Every failure arrives as an exception carrying ORT's code and message (which also pins the slots involved), and
 * closed objects fail fast.
 */
class ErrorPathTest {
    private static Environment env;
    private static Session session;

    @BeforeAll
    static void open() {
        env = Environment.create();
        session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
    }

    @AfterAll
    static void close() {
        session.close();
        env.close();
    }

    private static OrtException ortError(OrtErrorCode code, Executable call) {
        OrtException e = assertThrows(OrtException.class, call);
        assertThat(e.getMessage(), e.code(), is(code));
        assertThat(e.getMessage(), startsWith("ORT_" + code + " (" + code.value() + "): "));
        return e;
    }

    @Test
    void missingModelFile() {
        try (SessionOptions options = SessionOptions.create()) {
            OrtException e = ortError(OrtErrorCode.NO_SUCHFILE,
                    () -> env.createSession(Path.of("/nowhere/model.onnx"), options));
            assertThat(e.ortMessage(), containsString("/nowhere/model.onnx"));
        }
    }

    @Test
    void bytesThatAreNotAModel() {
        try (SessionOptions options = SessionOptions.create()) {
            OrtException e = ortError(OrtErrorCode.INVALID_PROTOBUF,
                    () -> env.createSession(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, options));
            assertThat(e.ortMessage(), containsString("protobuf parsing failed"));
        }
    }

    @Test
    void wrongInputName() {
        try (Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)) {
            OrtException e = ortError(OrtErrorCode.INVALID_ARGUMENT, () -> session.run(Map.of("nope", x)));
            assertThat(e.ortMessage(), containsString("Invalid input name: nope"));
        }
    }

    @Test
    void wrongOutputName() {
        try (Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)) {
            OrtException e = ortError(OrtErrorCode.INVALID_ARGUMENT, () -> session.run(Map.of("x", x), List.of("z")));
            assertThat(e.ortMessage(), containsString("Invalid output name: z"));
        }
    }

    @Test
    void wrongInputShape() {
        try (Tensor x = Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3)) {
            OrtException e = ortError(OrtErrorCode.INVALID_ARGUMENT, () -> session.run(Map.of("x", x)));
            assertThat(e.ortMessage(), containsString("Got invalid dimensions for input: x"));
        }
    }

    @Test
    void wrongInputType() {
        try (Tensor x = Tensor.ofLongs(new long[] {1, 2, 3, 4}, 1, 4)) {
            OrtException e = ortError(OrtErrorCode.INVALID_ARGUMENT, () -> session.run(Map.of("x", x)));
            assertThat(e.ortMessage(), containsString("Unexpected input data type"));
        }
    }

    @Test
    void dataTooSmallForTheShape() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            OrtException e = ortError(OrtErrorCode.INVALID_ARGUMENT, () -> Tensor.wrap(data, ElementType.FLOAT, 1, 4));
            assertThat(e.ortMessage(), containsString("not enough space"));
        }
    }

    @Test
    void javaSideArgumentErrors() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new float[] {1, 2}, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.FLOAT, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.STRING, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(MemorySegment.ofArray(new float[4]), ElementType.FLOAT, 1, 4));
        try (Tensor t = Tensor.ofLongs(new long[] {1}, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
            assertThat(e.getMessage(), is("tensor holds INT64, not FLOAT"));
        }
    }

    @Test
    void cudaExecutionProviderOnACpuBuild() {
        try (SessionOptions options = SessionOptions.create()) {
            OrtException e = ortError(OrtErrorCode.FAIL, () -> options.appendCuda(0));
            assertThat(e.ortMessage(), containsString("CUDA execution provider is not enabled in this build"));
        }
    }

    @Test
    void unknownExecutionProvider() {
        try (SessionOptions options = SessionOptions.create()) {
            OrtException e = assertThrows(OrtException.class,
                    () -> options.appendExecutionProvider("NoSuchProvider", Map.of()));
            assertThat(e.ortMessage(), containsString("NoSuchProvider"));
        }
    }

    @Test
    void sessionConfigEntriesReachOrt() {
        // Asking ORT to read the ONNX bytes as an ORT-format (flatbuffer) model makes loading fail.
        try (SessionOptions options = SessionOptions.create().configEntry("session.load_model_format", "ORT")) {
            OrtException e = assertThrows(OrtException.class, () -> env.createSession(OnnxModelBuilder.addConstant(2), options));
            assertThat(e.code(), is(OrtErrorCode.FAIL));
            assertThat(e.ortMessage(), containsString("LoadOrtModelWithLoader ORT model verification failed"));
        }
    }

    @Test
    void terminatedRunOptionsStopTheRun() {
        try (RunOptions options = RunOptions.create().terminate();
             Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)) {
            OrtException e = assertThrows(OrtException.class, () -> session.run(Map.of("x", x), List.of("y"), options));
            assertThat(e.ortMessage(), containsString("terminate"));
            options.unsetTerminate();
            try (RunResult result = session.run(Map.of("x", x), List.of("y"), options)) {
                assertThat(result.get(0).toFloatArray(), is(new float[] {1, 12, 23, 34}));
            }
        }
    }

    @Test
    void closedObjectsFailFast() {
        Session closedSession = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
        Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4);
        closedSession.close();
        closedSession.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> closedSession.run(Map.of("x", x)));
        assertThat(e.getMessage(), is("Session is closed"));
        assertThrows(IllegalStateException.class, closedSession::createIoBinding);

        x.close();
        assertThat(assertThrows(IllegalStateException.class, () -> session.run(Map.of("x", x))).getMessage(),
                is("Tensor is closed"));
        assertThrows(IllegalStateException.class, x::data);
        assertThrows(IllegalStateException.class, x::toFloatArray);

        SessionOptions options = SessionOptions.create();
        options.close();
        assertThat(assertThrows(IllegalStateException.class, () -> options.intraOpThreads(1)).getMessage(),
                is("SessionOptions is closed"));
        assertThrows(IllegalStateException.class, () -> env.createSession(OnnxModelBuilder.addConstant(1), options));

        RunOptions runOptions = RunOptions.create();
        runOptions.close();
        assertThrows(IllegalStateException.class, () -> runOptions.tag("x"));

        Environment closedEnv = Environment.create();
        closedEnv.close();
        try (SessionOptions fresh = SessionOptions.create()) {
            assertThat(assertThrows(IllegalStateException.class,
                    () -> closedEnv.createSession(OnnxModelBuilder.addConstant(1), fresh)).getMessage(),
                    is("Environment is closed"));
        }

        MemoryInfo info = MemoryInfo.cpu();
        info.close();
        assertThrows(IllegalStateException.class, info::deviceId);
    }

    @Test
    void aResultTensorIsUnusableAfterItsResultIsClosed() {
        try (Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)) {
            RunResult result = session.run(Map.of("x", x));
            Tensor y = result.get(0);
            MemorySegment data = y.data();
            result.close();
            assertThat(y.isClosed(), is(true));
            assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_FLOAT, 0));
        }
    }

    @Test
    void sessionsOutliveAClosedEnvironment() {
        Environment shortLived = Environment.create();
        Session s = OrtTestSupport.session(shortLived, OnnxModelBuilder.addConstant(2));
        shortLived.close();
        try (s; Tensor x = Tensor.ofFloats(new float[] {1, 1}, 1, 2); RunResult r = s.run(Map.of("x", x))) {
            assertThat(r.get(0).toFloatArray(), is(new float[] {1, 11}));
        }
    }
}
