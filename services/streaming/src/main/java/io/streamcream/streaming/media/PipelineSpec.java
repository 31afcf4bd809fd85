package io.streamcream.streaming.media;

import java.util.List;

/**
 * What one pipeline produces.
 *
 * @param destinations       full rtmp:// or rtmps:// addresses, validated by the caller
 * @param width              output width when transcoding, 0 for the source's
 * @param height             output height when transcoding, 0 for the source's
 * @param fps                nominal frame rate when transcoding
 * @param kbps               video bit rate when transcoding
 * @param forceTranscode     re-encode even H.264 input
 * @param queueBytes         bound of the chunk queue
 * @param connectTimeoutMillis longest RTMP connect and handshake
 * @param writeTimeoutMillis longest blocking RTMP write (stall detection)
 */
public record PipelineSpec(List<String> destinations, int width, int height, int fps, int kbps,
                           boolean forceTranscode, long queueBytes, long connectTimeoutMillis,
                           long writeTimeoutMillis) {

    /** Copies the list. */
    public PipelineSpec {
        destinations = List.copyOf(destinations);
    }
}
