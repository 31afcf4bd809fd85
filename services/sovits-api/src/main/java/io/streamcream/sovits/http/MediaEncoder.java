package io.streamcream.sovits.http;

/** Encodes mono 16-bit PCM as one of api_v2's media types. */
interface MediaEncoder {

    /**
     * @param mediaType  {@code wav}, {@code raw}, {@code ogg} or {@code aac}
     * @param pcm        samples
     * @param sampleRate their rate
     * @return the encoded bytes (ogg and aac: one complete stream)
     */
    byte[] encode(String mediaType, short[] pcm, int sampleRate);
}
