package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.ort.internal.OrtApi;
import io.streamcream.nativebindings.ort.internal.OrtApiBase;
import io.streamcream.nativebindings.ort.internal.OrtLibraryLocator;
import io.streamcream.nativebindings.ort.internal.OrtVersion;

/**
 * The loaded ONNX Runtime library: one per JVM, loaded once and never unloaded (ORT keeps thread pools and static
 * state, so the library lookup lives in {@link Arena#global()}).
 * <p>
 * {@link #get()} loads it with the default rules: {@code -Dstreamcream.ort.library} / {@code STREAMCREAM_ORT_LIBRARY},
 * then the {@code com.microsoft.onnxruntime} jar on the class path, then the system loader path. The runtime version
 * is checked against {@link #MINIMUM_VERSION}.
 */
public final class OrtRuntime {
    /** The {@code ORT_API_VERSION} these bindings request. */
    public static final int API_VERSION = OrtVersion.API_VERSION;
    /** The oldest ONNX Runtime these bindings accept. */
    public static final String MINIMUM_VERSION = OrtVersion.MINIMUM;
    /** Name of the CUDA execution provider as reported by {@link #availableProviders()}. */
    public static final String CUDA_PROVIDER = "CUDAExecutionProvider";

    private static final System.Logger LOG = System.getLogger(OrtRuntime.class.getName());
    /** ORT's {@code OrtAllocatorType} value {@code OrtArenaAllocator}. */
    private static final int ARENA_ALLOCATOR = 1;
    /** ORT's {@code OrtMemType} value {@code OrtMemTypeDefault}. */
    private static final int MEM_TYPE_DEFAULT = 0;

    private static OrtRuntime instance;

    private final OrtApi api;
    private final String library;
    private final String source;
    private final String version;
    private final MemorySegment cpuMemoryInfo;

    private OrtRuntime(OrtApi api, String library, String source, String version) {
        this.api = api;
        this.library = library;
        this.source = source;
        this.version = version;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            api.createCpuMemoryInfo(ARENA_ALLOCATOR, MEM_TYPE_DEFAULT, out);
            // Lives as long as the library: never released.
            this.cpuMemoryInfo = out.get(ADDRESS, 0);
        }
    }

    /**
     * The runtime, loading it on first use with the default rules.
     *
     * @return the loaded runtime
     * @throws NativeLibraryException if no suitable library is found or it is too old
     */
    public static synchronized OrtRuntime get() {
        if (instance == null) {
            instance = open(OrtLibraryLocator.locate());
        }
        return instance;
    }

    /**
     * Loads a specific library file (for example a GPU build) instead of the default one. Must be called before anything
     * else uses ONNX Runtime; loading the same file again returns the same runtime.
     *
     * @param library absolute or relative path of {@code libonnxruntime}
     * @return the loaded runtime
     * @throws IllegalStateException   if a different library is already loaded in this JVM
     * @throws NativeLibraryException if the file cannot be loaded or is too old
     */
    public static synchronized OrtRuntime load(Path library) {
        Path absolute = library.toAbsolutePath();
        if (instance != null) {
            if (instance.library.equals(absolute.toString())) {
                return instance;
            }
            throw new IllegalStateException("ONNX Runtime is already loaded from " + instance.library
                    + "; cannot switch to " + absolute + " in the same JVM");
        }
        instance = open(new OrtLibraryLocator.Location(Optional.of(absolute), absolute.toString(), "explicit"));
        return instance;
    }

    /**
     * Opens and checks a library without making it the JVM's runtime (used by {@link #get()} and tests).
     */
    static OrtRuntime open(OrtLibraryLocator.Location location) {
        SymbolLookup lookup = lookup(location);
        OrtApiBase base = OrtApiBase.of(lookup, location.name());
        OrtApi api = OrtApi.bind(base, location.name());
        String version = base.versionString();
        OrtRuntime runtime = new OrtRuntime(api, location.name(), location.source(), version);
        LOG.log(Level.INFO, "ONNX Runtime {0} loaded from {1} ({2})", version, location.name(), location.source());
        return runtime;
    }

    private static SymbolLookup lookup(OrtLibraryLocator.Location location) {
        if (location.path().isPresent()) {
            try {
                return SymbolLookup.libraryLookup(location.path().get(), Arena.global());
            } catch (IllegalArgumentException e) {
                throw new NativeLibraryException("Cannot open ONNX Runtime library " + location.name() + ": " + e.getMessage(), e);
            }
        }
        List<String> tried = new ArrayList<>();
        for (String name : List.of(System.mapLibraryName("onnxruntime"), "libonnxruntime.so.1")) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                tried.add(name);
            }
        }
        throw new NativeLibraryException("No ONNX Runtime library found: no com.microsoft.onnxruntime jar on the class path, "
                + "-D" + OrtLibraryLocator.LIBRARY_PROPERTY + " / " + OrtLibraryLocator.LIBRARY_ENV
                + " not set, and the system loader found none of " + tried);
    }

    /**
     * The runtime's version string ({@code GetVersionString}).
     *
     * @return for example {@code 1.29.0}
     */
    public String version() {
        return version;
    }

    /**
     * {@code GetBuildInfoString}.
     *
     * @return build information, for example {@code ORT Build Info: git-branch=..., git-commit-id=...}
     */
    public String buildInfo() {
        return api.buildInfo();
    }

    /**
     * Execution providers compiled into the library ({@code GetAvailableProviders}).
     *
     * @return for example {@code [CPUExecutionProvider]}
     */
    public List<String> availableProviders() {
        return api.availableProviders();
    }

    /**
     * Whether this ORT build contains the CUDA execution provider.
     *
     * @return {@code true} for a GPU build
     */
    public boolean hasCudaProvider() {
        return availableProviders().contains(CUDA_PROVIDER);
    }

    /**
     * Path or name of the loaded library.
     *
     * @return the library
     */
    public String library() {
        return library;
    }

    /**
     * How the library was found ({@code configured}, {@code extracted from onnxruntime-1.29.0.jar}, ...).
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    OrtApi api() {
        return api;
    }

    MemorySegment cpuMemoryInfo() {
        return cpuMemoryInfo;
    }

    @Override
    public String toString() {
        return "OrtRuntime[" + version + ", " + library + "]";
    }
}
