package io.streamcream.tts.audio;

/**
 * A stored audio file.
 *
 * @param name      unguessable file name
 * @param sizeBytes file size
 * @param seconds   measured duration
 * @param format    container format ({@code wav})
 * @param cached    whether an earlier result was reused instead of a new synthesis
 */
public record StoredAudio(String name, long sizeBytes, double seconds, String format, boolean cached) {
}
