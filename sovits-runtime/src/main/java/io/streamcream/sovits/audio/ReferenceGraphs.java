package io.streamcream.sovits.audio;

import io.streamcream.nativebindings.ort.Session;

/**
 * The graphs that turn a reference recording into features.
 *
 * @param ssl        {@code audio16k} → {@code ssl} features or, merged, {@code codes}
 * @param vqEncoder  {@code ssl} → {@code codes}, or null when merged into {@code ssl}
 * @param sv         v2Pro speaker verification ({@code fbank} → {@code sv_emb}), or null for v2 voices
 * @param refEncoder the reference encoder split out of {@code vits} ({@code refer_spec} [+ {@code sv_emb}] →
 *                   {@code ge}), or null when {@code vits} takes the spectrogram itself
 * @param outputRate the VITS rate (32000)
 */
public record ReferenceGraphs(Session ssl, Session vqEncoder, Session sv, Session refEncoder, int outputRate) {
}
