package io.streamcream.nativebindings.internal;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Reading NUL-terminated C strings that native code hands back as zero-length segments.
 */
public final class CStrings {
    private CStrings() {
    }

    /**
     * Copies a NUL-terminated UTF-8 string into a Java string.
     *
     * @param pointer a pointer returned by native code (may be a zero-length segment)
     * @return the string, or the empty string for a NULL pointer
     */
    public static String read(MemorySegment pointer) {
        if (pointer.address() == 0) {
            return "";
        }
        return pointer.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }
}
