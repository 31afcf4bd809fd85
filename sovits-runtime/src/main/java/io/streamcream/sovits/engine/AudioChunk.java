package io.streamcream.sovits.engine;

/**
 * One piece of a streamed synthesis. In segment streaming (mode 1) every chunk is a whole text segment followed by
 * the {@code fragment_interval} silence. In token-chunk streaming a segment arrives in several chunks and only its
 * last one ({@link #segmentEnd()}) carries the silence.
 *
 * @param index      chunk index in the request, from 0
 * @param segment    index of the text segment this audio belongs to
 * @param segments   segments in the request
 * @param segmentEnd whether this chunk ends its segment
 * @param text       the segment text as cut
 * @param sampleRate rate of {@code pcm}
 * @param pcm        mono int16 samples
 */
public record AudioChunk(int index, int segment, int segments, boolean segmentEnd, String text, int sampleRate, short[] pcm) {
    /**
     * @return whether this is the request's last chunk
     */
    public boolean last() {
        return segmentEnd && segment == segments - 1;
    }
}
