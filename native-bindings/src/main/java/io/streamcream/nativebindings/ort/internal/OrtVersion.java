package io.streamcream.nativebindings.ort.internal;

import io.streamcream.nativebindings.NativeLibraryException;

/**
 * The ONNX Runtime version these bindings are written against and the check of a loaded library's version.
 * <p>
 * {@code ORT_API_VERSION} N ships with ONNX Runtime 1.N; slots are append-only, so any newer runtime also works.
 */
public final class OrtVersion {
    /** The {@code ORT_API_VERSION} requested from {@code GetApi}; every slot we call exists in it. */
    public static final int API_VERSION = 29;
    /** The oldest runtime that offers {@link #API_VERSION}. */
    public static final String MINIMUM = "1." + API_VERSION + ".0";

    private OrtVersion() {
    }

    /**
     * Fails with a clear message if {@code actual} is older than {@link #MINIMUM}.
     *
     * @param actual the runtime's {@code GetVersionString()}, for example {@code 1.29.0}
     * @param where  the library path, for the message
     * @throws NativeLibraryException if the version is older or cannot be parsed
     */
    public static void requireSupported(String actual, String where) {
        int[] have = parse(actual, where);
        int[] need = parse(MINIMUM, "minimum");
        for (int i = 0; i < need.length; i++) {
            if (have[i] != need[i]) {
                if (have[i] < need[i]) {
                    throw tooOld(actual, where);
                }
                return;
            }
        }
    }

    static NativeLibraryException tooOld(String actual, String where) {
        return new NativeLibraryException("ONNX Runtime " + actual + " at " + where + " is too old: these bindings call"
                + " ORT_API_VERSION " + API_VERSION + " and need ONNX Runtime " + MINIMUM + " or newer");
    }

    private static int[] parse(String version, String where) {
        String[] parts = version.trim().split("[.+-]");
        if (parts.length < 3) {
            throw new NativeLibraryException("Cannot parse ONNX Runtime version '" + version + "' of " + where);
        }
        int[] result = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                result[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new NativeLibraryException("Cannot parse ONNX Runtime version '" + version + "' of " + where, e);
        }
        return result;
    }
}
