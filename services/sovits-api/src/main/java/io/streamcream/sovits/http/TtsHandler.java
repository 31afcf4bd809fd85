package io.streamcream.sovits.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.sovits.engine.AudioChunk;
import io.streamcream.sovits.engine.AudioStream;
import io.streamcream.sovits.engine.Batching;
import io.streamcream.sovits.engine.TtsRequest;
import io.streamcream.sovits.engine.Voice;
import io.streamcream.sovits.engine.VoiceBusyException;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.text.TextException;
import io.streamcream.sovits.text.TextFrontend;
import io.streamcream.sovits.text.TextSplitter;
import io.streamcream.sovits.voices.VoiceService;

/**
 * api_v2's {@code /tts}: upstream's validation order and messages, then synthesis. Unlike upstream,
 * everything that can fail is checked before the first byte goes out, so a streaming client gets a
 * 400 JSON instead of a truncated body, and an internal error is never a 200 with silence.
 */
final class TtsHandler {

    private static final Set<String> MEDIA_TYPES = Set.of("wav", "raw", "ogg", "aac");
    private static final String VERSION = "v2";
    /** Auxiliary references per request: each is decoded and encoded, so the list is bounded. */
    static final int MAX_AUXILIARY_REFERENCES = 8;

    private final VoiceService voices;
    private final MediaEncoder encoder;

    TtsHandler(VoiceService voices, MediaEncoder encoder) {
        this.voices = voices;
        this.encoder = encoder;
    }

    /** A validated request, ready to run. */
    record Prepared(Voice voice, TtsRequest request, String mediaType, int mode, int minChunkLength, int overlapLength) {
        boolean streaming() {
            return mode > 0;
        }

    }

    /** check_params in upstream's order, then the checks upstream only made inside the pipeline. */
    Prepared prepare(ApiV2Params p) {
        String refPath = p.refAudioPath() == null || p.refAudioPath().isEmpty()
                ? voices.state().reference().orElseGet(() -> voices.catalog().referenceFor(voices.state().voice().orElse("")))
                : p.refAudioPath();
        byte[] reference = voices.referenceBytes(refPath)
                .orElseThrow(() -> ApiV2Exception.badRequest("Reference audio file not found: " + refPath));
        List<byte[]> auxiliary = auxiliaryReferences(p.auxRefAudioPaths());
        if (p.text() == null || p.text().isEmpty()) {
            throw ApiV2Exception.badRequest("text is required");
        }
        String textLang = language(p.textLang(), "text_lang");
        String promptLang = language(p.promptLang(), "prompt_lang");
        String media = p.mediaType().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(media)) {
            throw ApiV2Exception.badRequest("media_type: " + p.mediaType() + " is not supported");
        }
        if (media.equals("ogg") && p.streamingMode() == 0) {
            throw ApiV2Exception.badRequest("ogg format is not supported in non-streaming mode");
        }
        TextSplitter.Method method;
        try {
            method = TextSplitter.Method.valueOf(p.textSplitMethod().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiV2Exception.badRequest("text_split_method:" + p.textSplitMethod() + " is not supported");
        }
        if (!p.textSplitMethod().matches("cut[0-5]")) {
            throw ApiV2Exception.badRequest("text_split_method:" + p.textSplitMethod() + " is not supported");
        }
        if (p.streamingMode() < 0) {
            throw ApiV2Exception.badRequest("the value of streaming_mode must be 0, 1, 2, 3(int) or true/false(bool)");
        }
        range(p.topK() >= 1 && p.topK() <= 1025, "top_k must be between 1 and 1025");
        range(p.topP() > 0 && p.topP() <= 1, "top_p must be in (0, 1]");
        range(p.temperature() > 0 && p.temperature() <= 10, "temperature must be in (0, 10]");
        range(p.speedFactor() >= 0.25 && p.speedFactor() <= 4, "speed_factor must be between 0.25 and 4");
        range(p.fragmentInterval() >= 0 && p.fragmentInterval() <= 10, "fragment_interval must be between 0 and 10");
        range(p.repetitionPenalty() >= 1 && p.repetitionPenalty() <= 10, "repetition_penalty must be between 1 and 10");
        range(p.minChunkLength() >= 4 && p.minChunkLength() <= 1500, "min_chunk_length must be between 4 and 1500");
        range(p.batchSize() >= 1 && p.batchSize() <= Batching.MAX_BATCH_SIZE,
                "batch_size must be between 1 and " + Batching.MAX_BATCH_SIZE);
        range(p.batchThreshold() >= 0 && p.batchThreshold() <= 1, "batch_threshold must be between 0 and 1");
        range(p.overlapLength() >= 0 && p.overlapLength() < p.minChunkLength(), "overlap_length must be between 0 and min_chunk_length - 1");
        Voice voice = voices.voice(p.voice());
        TtsRequest request;
        try {
            request = TtsRequest.builder()
                    .text(p.text(), textLang)
                    .reference(reference, p.promptText(), promptLang)
                    .auxReferences(auxiliary)
                    .sampling(SamplingParams.defaults().with(p.topK(), p.topP(), p.temperature(), p.repetitionPenalty(),
                            p.seed()))
                    .splitMethod(method)
                    .speedFactor(p.speedFactor())
                    .fragmentInterval(p.fragmentInterval())
                    .batching(new Batching(p.batchSize(), p.batchThreshold(), p.splitBucket(), p.parallelInfer()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw ApiV2Exception.failed("tts failed", e.getMessage());
        }
        return new Prepared(voice, request, media, p.streamingMode(), p.minChunkLength(), p.overlapLength());
    }

    /** Runs a prepared request and writes the answer. */
    void answer(Prepared prepared, ServerResponse res) {
        try {
            if (!prepared.streaming()) {
                short[] pcm = prepared.voice().synthesize(prepared.request());
                byte[] body = encoder.encode(prepared.mediaType(), pcm, prepared.voice().sampleRate());
                res.status(Status.OK_200);
                res.header(HeaderNames.CONTENT_TYPE, "audio/" + prepared.mediaType());
                res.send(body);
                return;
            }
            stream(prepared, res);
        } catch (VoiceBusyException e) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, e.getMessage(), List.of(),
                    java.time.Duration.ofSeconds(2));
        } catch (IllegalArgumentException e) {
            throw ApiV2Exception.failed("tts failed", e.getMessage());
        }
    }

    /**
     * Streaming framing: the first chunk is awaited before any byte is sent. Mode 1 sends one chunk
     * per text segment; mode 3 fixed-length token chunks; mode 2 token chunks cut at "mute-like"
     * tokens (fixed-length when the bundle has no {@code mute_similarity} table).
     */
    private void stream(Prepared prepared, ServerResponse res) {
        try (AudioStream stream = switch (prepared.mode()) {
            case 3 -> prepared.voice().streamTokenChunks(prepared.request(), prepared.minChunkLength(),
                    prepared.overlapLength());
            case 2 -> prepared.voice().streamMuteChunks(prepared.request(), prepared.minChunkLength(),
                    prepared.overlapLength());
            default -> prepared.voice().stream(prepared.request());
        }) {
            AudioChunk first = stream.next();
            int rate = prepared.voice().sampleRate();
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "audio/" + prepared.mediaType());
            try (OutputStream out = res.outputStream()) {
                if (prepared.mediaType().equals("wav")) {
                    out.write(SpeechAudio.streamingHeader(first == null ? rate : first.sampleRate()));
                }
                for (AudioChunk chunk = first; chunk != null; chunk = stream.next()) {
                    String chunkType = prepared.mediaType().equals("wav") ? "raw" : prepared.mediaType();
                    out.write(encoder.encode(chunkType, chunk.pcm(), chunk.sampleRate()));
                    out.flush();
                }
            } catch (IOException | UncheckedIOException e) {
                // The client went away: closing the stream cancels the synthesis.
                stream.close();
            }
        } catch (CancellationException e) {
            // cancelled because the client left
        }
    }

    /**
     * Reads the {@code aux_ref_audio_paths} files. Upstream skips files it cannot find; a fused timbre silently missing
     * a part is worse than an error, so a missing file is a 400 naming it.
     */
    private List<byte[]> auxiliaryReferences(List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return List.of();
        }
        if (paths.size() > MAX_AUXILIARY_REFERENCES) {
            throw ApiV2Exception.badRequest("aux_ref_audio_paths holds at most " + MAX_AUXILIARY_REFERENCES + " files");
        }
        List<byte[]> wavs = new ArrayList<>(paths.size());
        for (String path : paths) {
            wavs.add(voices.referenceBytes(path)
                    .orElseThrow(() -> ApiV2Exception.badRequest("Auxiliary reference audio file not found: " + path)));
        }
        return wavs;
    }

    private static String language(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw ApiV2Exception.badRequest(name + " is required");
        }
        try {
            return TextFrontend.checkLanguage(value);
        } catch (TextException e) {
            throw ApiV2Exception.badRequest(name + ": " + value + " is not supported in version " + VERSION);
        }
    }

    private static void range(boolean ok, String message) {
        if (!ok) {
            throw ApiV2Exception.badRequest(message);
        }
    }
}
