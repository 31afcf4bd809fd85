package io.streamcream.nativebindings.ort;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.internal.Platform;
import io.streamcream.nativebindings.ort.internal.OrtLibraryLocator;
import io.streamcream.nativebindings.ort.internal.OrtVersion;

class OrtRuntimeTest {

    @Test
    void loadsTheLibraryOutOfTheOnnxruntimeJar() {
        OrtRuntime ort = OrtRuntime.get();
        assertThat(ort.source(), startsWith("extracted from onnxruntime-1.29.0.jar"));
        Path library = Path.of(ort.library());
        assertThat(Files.isRegularFile(library), is(true));
        assertThat(library.startsWith(Platform.cacheRoot()), is(true));
        assertThat(library.getFileName().toString(), is("libonnxruntime.so"));
        // Same runtime on every call: loaded once, never unloaded.
        assertThat(OrtRuntime.get() == ort, is(true));
    }

    @Test
    void reportsVersionBuildInfoAndProviders() {
        OrtRuntime ort = OrtRuntime.get();
        assertThat(ort.version(), is("1.29.0"));
        assertThat(ort.buildInfo(), containsString("git-commit-id=2e2543fbe9"));
        assertThat(ort.availableProviders(), hasItem("CPUExecutionProvider"));
        assertThat(ort.hasCudaProvider(), is(false));
    }

    @Test
    void versionCheckRejectsOlderRuntimes() {
        NativeLibraryException e = assertThrows(NativeLibraryException.class,
                () -> OrtVersion.requireSupported("1.28.1", "/opt/ort/libonnxruntime.so"));
        assertThat(e.getMessage(), containsString("ONNX Runtime 1.28.1 at /opt/ort/libonnxruntime.so is too old"));
        assertThat(e.getMessage(), containsString("need ONNX Runtime 1.29.0 or newer"));
        assertThrows(NativeLibraryException.class, () -> OrtVersion.requireSupported("0.9.9", "x"));
        assertThrows(NativeLibraryException.class, () -> OrtVersion.requireSupported("garbage", "x"));
        OrtVersion.requireSupported("1.29.0", "x");
        OrtVersion.requireSupported("1.30.2", "x");
        OrtVersion.requireSupported("2.0.0-dev", "x");
    }

    @Test
    void aLibraryWithoutOrtGetApiBaseIsRejectedClearly() {
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(libm), "needs glibc's libm");
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> OrtRuntime.open(
                new OrtLibraryLocator.Location(Optional.of(libm), libm.toString(), "test")));
        assertThat(e.getMessage(), endsWith("does not export OrtGetApiBase: not an ONNX Runtime library"));
    }

    @Test
    void aFileThatIsNotALibraryIsRejectedClearly() throws Exception {
        Path bogus = Files.writeString(Files.createTempFile("not-a-library", ".so"), "not an ELF file");
        try {
            NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> OrtRuntime.open(
                    new OrtLibraryLocator.Location(Optional.of(bogus), bogus.toString(), "test")));
            assertThat(e.getMessage(), containsString("Cannot open ONNX Runtime library " + bogus));
        } finally {
            Files.delete(bogus);
        }
    }

    @Test
    void aMissingConfiguredLibraryIsReportedWithItsPath() {
        String previous = System.getProperty(OrtLibraryLocator.LIBRARY_PROPERTY);
        System.setProperty(OrtLibraryLocator.LIBRARY_PROPERTY, "/nowhere/libonnxruntime.so");
        try {
            NativeLibraryException e = assertThrows(NativeLibraryException.class, OrtLibraryLocator::locate);
            assertThat(e.getMessage(), containsString("does not exist: /nowhere/libonnxruntime.so"));
        } finally {
            if (previous == null) {
                System.clearProperty(OrtLibraryLocator.LIBRARY_PROPERTY);
            } else {
                System.setProperty(OrtLibraryLocator.LIBRARY_PROPERTY, previous);
            }
        }
    }

    @Test
    void switchingToAnotherLibraryInTheSameJvmIsRefused() {
        OrtRuntime ort = OrtRuntime.get();
        assertThat(OrtRuntime.load(Path.of(ort.library())) == ort, is(true));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OrtRuntime.load(Path.of("/other/libonnxruntime.so")));
        assertThat(e.getMessage(), containsString("already loaded from " + ort.library()));
    }
}
