package io.streamcream.sovits.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.streamcream.sovits.audio.ReferenceAudioException;
import io.streamcream.sovits.audio.ReferenceFeatures;
import io.streamcream.sovits.audio.ReferenceGraphs;
import io.streamcream.sovits.bundle.BundleManifest;
import io.streamcream.sovits.bundle.GraphRole;
import io.streamcream.sovits.bundle.VoiceBundle;
import io.streamcream.sovits.g2pw.G2pwPolyphones;
import io.streamcream.sovits.t2s.KvPlacement;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.t2s.T2sDecoder;
import io.streamcream.sovits.text.PolyphoneModel;
import io.streamcream.sovits.text.TextException;
import io.streamcream.sovits.text.TextFrontend;
import io.streamcream.sovits.text.TextSplitter;
import io.streamcream.sovits.vits.PostProcess;
import io.streamcream.sovits.vits.VitsDecoder;

/**
 * A loaded voice with its own bounded pool: at most {@code concurrency} syntheses run at once, at most
 * {@code queueCapacity} wait, and further requests fail at once with {@link VoiceBusyException}. All state of a
 * synthesis (text, reference features, RNG, KV cache, tensors) belongs to the request; only the sessions (thread-safe)
 * and the prompt cache (keyed by voice instance) are shared.
 * <p>
 * Pipeline per request: split the text ({@code pre_seg_text}), then per segment phones → BERT (zeros unless Chinese
 * and the bundle has {@code bert}) → T2S with prompt phones/BERT/tokens prepended → VITS on the segment's phones →
 * peak normalisation, {@code fragment_interval} silence, int16.
 */
public final class Voice implements AutoCloseable {
    private static final AtomicInteger GENERATION = new AtomicInteger();

    private final VoiceBundle bundle;
    private final String cacheId;
    private final SerialFrontend frontend;
    private final PromptCache cache;
    private final BertFeatures bert;
    private final T2sDecoder t2s;
    private final VitsDecoder vits;
    private final ThreadPoolExecutor pool;
    private final int concurrency;
    private final int queueCapacity;
    private final int streamBuffer;
    private final AtomicInteger running = new AtomicInteger();
    /** Similarity of each token to the mute token (streaming mode 2), or null when the bundle has no table. */
    private final float[] muteSimilarity;
    /** Decodes the other segments of a batch while the request's own thread decodes the first ({@code parallel_infer}). */
    private final ExecutorService batchHelpers;
    /** Readings of polyphonic characters: the bundle's g2pW graph, or none (the dictionary decides). */
    private final PolyphoneModel polyphones;
    private final java.util.Set<AudioStream> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Voice(VoiceBundle bundle, SerialFrontend frontend, PromptCache cache, EngineConfig config, KvPlacement kvPlacement) {
        this.bundle = bundle;
        this.cacheId = bundle.name() + "#" + GENERATION.incrementAndGet();
        this.frontend = frontend;
        this.cache = cache;
        BundleManifest m = bundle.manifest();
        this.muteSimilarity = m.muteSimilarity().map(file -> MuteSplit.load(file, m.t2sVocab())).orElse(null);
        this.bert = bundle.has(GraphRole.BERT)
                ? BertFeatures.load(bundle.session(GraphRole.BERT), m.graph(GraphRole.BERT).orElseThrow().vocab().orElseThrow())
                : BertFeatures.zeros();
        this.polyphones = bundle.has(GraphRole.G2PW)
                ? G2pwPolyphones.load(bundle.session(GraphRole.G2PW), m.graph(GraphRole.G2PW).orElseThrow())
                : PolyphoneModel.NONE;
        this.t2s = new T2sDecoder(bundle.session(GraphRole.T2S_PREFILL), bundle.session(GraphRole.T2S_STEP),
                m.t2sLayers(), m.t2sWidth(), m.t2sVocab(), m.t2sVocab() - 1, config.concurrency(), kvPlacement);
        this.vits = new VitsDecoder(bundle.session(GraphRole.VITS), m.vitsNoiseChannels());
        this.concurrency = config.concurrency();
        this.queueCapacity = config.queueCapacity();
        this.streamBuffer = config.streamBuffer();
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, "sovits-" + bundle.name() + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        AtomicInteger helperNumber = new AtomicInteger();
        ThreadPoolExecutor helpers = new ThreadPoolExecutor(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), 30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "sovits-" + bundle.name() + "-batch-" + helperNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        helpers.allowCoreThreadTimeOut(true);
        this.batchHelpers = helpers;
    }

    /**
     * @return the voice name
     */
    public String name() {
        return bundle.name();
    }

    /**
     * @return the output sample rate (32000)
     */
    public int sampleRate() {
        return bundle.manifest().outputRate();
    }

    /**
     * @return syntheses running now
     */
    public int running() {
        return running.get();
    }

    /**
     * Starts a streaming synthesis (mode 1: one chunk per text segment).
     *
     * @param request the request
     * @return the stream; the caller must close it
     * @throws TextException         for empty or punctuation-only text and unsupported languages (checked here)
     * @throws VoiceBusyException    when the pool and its queue are full
     * @throws IllegalStateException when the voice is closed
     */
    public AudioStream stream(TtsRequest request) {
        return submit(request, null, false);
    }

    /**
     * Starts a token-chunk streaming synthesis (api_v2 mode 3): every {@code minChunkLength} semantic tokens the new
     * tokens are decoded by VITS with {@code overlapLength} tokens of left context, and the audio of that context is
     * cross-faded (sin² window) with the tail held back from the previous chunk. The last chunk of a segment carries
     * the rest of its audio and the {@code fragment_interval} silence.
     *
     * @param request        the request
     * @param minChunkLength tokens per chunk ({@code min_chunk_length}, api_v2 default 16)
     * @param overlapLength  overlap in tokens ({@code overlap_length}, default 2), smaller than the chunk length
     * @return the stream; the caller must close it
     * @throws IllegalArgumentException for chunk settings out of range
     */
    public AudioStream streamTokenChunks(TtsRequest request, int minChunkLength, int overlapLength) {
        return submit(request, Chunking.of(minChunkLength, overlapLength, null), false);
    }

    /**
     * Token-chunk streaming with chunks cut at mute-like tokens (api_v2 mode 2, {@link MuteSplit}): a chunk ends where
     * two quiet tokens follow at least {@code minChunkLength} tokens. Joins as in {@link #streamTokenChunks}. Without
     * the bundle's {@code mute_similarity} table the chunks have the fixed length, as upstream does without its matrix.
     *
     * @param request        the request
     * @param minChunkLength fewest tokens per chunk ({@code min_chunk_length})
     * @param overlapLength  overlap in tokens, smaller than the chunk length
     * @return the stream; the caller must close it
     * @throws IllegalArgumentException for chunk settings out of range
     */
    public AudioStream streamMuteChunks(TtsRequest request, int minChunkLength, int overlapLength) {
        return submit(request, Chunking.of(minChunkLength, overlapLength, muteSimilarity), false);
    }

    /** @return whether this voice's bundle carries the mode-2 similarity table */
    public boolean cutsAtMuteTokens() {
        return muteSimilarity != null;
    }

    /** @param mute similarity table for mode 2, or null for fixed-length chunks */
    private record Chunking(int tokens, int overlap, float[] mute) {
        static Chunking of(int minChunkLength, int overlapLength, float[] mute) {
            if (minChunkLength < 1 || overlapLength < 0 || overlapLength >= minChunkLength) {
                throw new IllegalArgumentException("min_chunk_length must be >= 1 and overlap_length within "
                        + "0..min_chunk_length-1, got " + minChunkLength + " and " + overlapLength);
            }
            return new Chunking(minChunkLength, overlapLength, mute);
        }
    }

    private AudioStream submit(TtsRequest request, Chunking chunking, boolean wholeText) {
        Plan plan = plan(request, wholeText);
        AudioStream stream = new AudioStream(streamBuffer);
        active.add(stream);
        try {
            pool.execute(() -> run(plan, request, chunking, stream));
        } catch (RejectedExecutionException e) {
            active.remove(stream);
            if (pool.isShutdown()) {
                throw new IllegalStateException("voice \"" + name() + "\" is closed (its weights were replaced or the engine stopped)");
            }
            throw new VoiceBusyException("voice \"" + name() + "\" is busy: " + concurrency + " syntheses running and "
                    + queueCapacity + " waiting; try again later");
        }
        return stream;
    }

    /**
     * Synthesises the whole text (mode 0): the segments' chunks concatenated.
     *
     * @param request the request
     * @return mono int16 samples at {@link #sampleRate()}
     * @throws TextException           for unusable text or languages
     * @throws ReferenceAudioException for an unusable reference
     * @throws VoiceBusyException      when the pool and its queue are full
     */
    public short[] synthesize(TtsRequest request) {
        List<short[]> parts = new ArrayList<>();
        int total = 0;
        try (AudioStream s = wholeText(request)) {
            for (AudioChunk c = s.next(); c != null; c = s.next()) {
                parts.add(c.pcm());
                total += c.pcm().length;
            }
        }
        short[] out = new short[total];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * The chunks {@link #synthesize} joins: one per segment in text order, decoded batch by batch, bucketed by length
     * when the request allows it.
     */
    AudioStream wholeText(TtsRequest request) {
        return submit(request, null, true);
    }

    /**
     * A request's text, cut into segments; each segment's phonemes are worked out once (bucketing needs their
     * length before the segment is decoded).
     *
     * @param wholeText whether the answer is the whole text at once (mode 0), which allows bucketing
     */
    private final class Plan {
        private final String textLanguage;
        private final String promptLanguage;
        private final List<String> segments;
        private final boolean wholeText;
        private final TextFrontend.Phonemes[] phonemes;

        Plan(String textLanguage, String promptLanguage, List<String> segments, boolean wholeText) {
            this.textLanguage = textLanguage;
            this.promptLanguage = promptLanguage;
            this.segments = segments;
            this.wholeText = wholeText;
            this.phonemes = new TextFrontend.Phonemes[segments.size()];
        }

        String promptLanguage() {
            return promptLanguage;
        }

        List<String> segments() {
            return segments;
        }

        boolean wholeText() {
            return wholeText;
        }

        TextFrontend.Phonemes phonemes(int segment) {
            synchronized (phonemes) {
                if (phonemes[segment] == null) {
                    phonemes[segment] = Voice.this.phonemes(segments.get(segment), textLanguage);
                }
                return phonemes[segment];
            }
        }
    }

    private Plan plan(TtsRequest r, boolean wholeText) {
        if (r.text() == null || r.text().isBlank()) {
            throw new TextException("text is required");
        }
        String textLanguage = TextFrontend.checkLanguage(r.textLanguage());
        if (r.promptLanguage() == null || r.promptLanguage().isBlank()) {
            throw new TextException("prompt_lang is required");
        }
        String promptLanguage = TextFrontend.checkLanguage(r.promptLanguage());
        if (!r.auxReferenceWavs().isEmpty() && !bundle.manifest().splitReferenceEncoder()) {
            throw new ReferenceAudioException("voice \"" + name() + "\" cannot fuse aux_ref_audio_paths: its bundle has no "
                    + "ref_encoder graph (the reference encoder split out of vits)");
        }
        if (r.referenceWav() == null || r.referenceWav().length == 0) {
            throw new ReferenceAudioException("ref_audio_path is required");
        }
        List<String> segments = TextSplitter.preSegment(r.text(), textLanguage.equals("en"), r.splitMethod());
        if (segments.isEmpty()) {
            throw new TextException("请输入有效文本");
        }
        return new Plan(textLanguage, promptLanguage, segments, wholeText);
    }

    private void run(Plan plan, TtsRequest request, Chunking chunking, AudioStream stream) {
        running.incrementAndGet();
        try {
            if (stream.isCancelled()) {
                return;
            }
            PromptCache.Prompt prompt = withAuxiliaryStyles(prompt(request, plan.promptLanguage()), request);
            long seed = request.sampling().seed() == -1 ? new SplittableRandom().nextLong() : request.sampling().seed();
            SplittableRandom rng = new SplittableRandom(seed);
            // One generator per segment, split off in text order: a seed gives the same audio however the segments
            // are grouped into batches and whichever thread decodes them.
            List<SplittableRandom> rngs = new ArrayList<>();
            for (int i = 0; i < plan.segments().size(); i++) {
                rngs.add(rng.split());
            }
            int[] chunkIndex = {0};
            if (chunking != null) {
                // Token-chunk streaming decodes segment after segment; batch settings do not apply (upstream's batching
                // here dropped every segment but the first of a batch).
                for (int i = 0; i < plan.segments().size(); i++) {
                    if (stream.isCancelled()) {
                        return;
                    }
                    Segment seg = new Segment(i, plan.segments().size(), plan.segments().get(i));
                    segment(seg, plan, prompt, request, rngs.get(i), stream, chunking, chunkIndex);
                }
                stream.end();
                return;
            }
            if (!batches(plan, request, prompt, rngs, stream, chunkIndex)) {
                return;
            }
            stream.end();
        } catch (CancellationException e) {
            stream.close();
        } catch (RuntimeException e) {
            stream.fail(e);
        } catch (Error e) {
            stream.fail(new IllegalStateException("synthesis failed: " + e, e));
            throw e;
        } finally {
            active.remove(stream);
            running.decrementAndGet();
        }
    }

    /**
     * Decodes the segments batch by batch ({@link Batching}). A segment answer (mode 1) gets one chunk per batch, as
     * upstream streams a batch at a time; a whole answer (mode 0, {@code wholeText}) may bucket the segments by length
     * and gets one chunk per segment back in text order.
     *
     * @return whether the stream is still wanted
     */
    private boolean batches(Plan plan, TtsRequest request, PromptCache.Prompt prompt, List<SplittableRandom> rngs,
                            AudioStream stream, int[] chunkIndex) {
        int count = plan.segments().size();
        Batching batching = request.batching();
        boolean bucket = plan.wholeText() && request.speedFactor() == 1.0;
        // Buckets are by the length of the normalised text, as upstream's norm_text.
        int[] lengths = new int[count];
        if (bucket && batching.splitBucket() && batching.batchSize() > 1) {
            for (int i = 0; i < count; i++) {
                lengths[i] = plan.phonemes(i).normText().length();
            }
        }
        short[][] fragments = new short[count][];
        int nextInOrder = 0;
        for (List<Integer> batch : batching.groups(lengths, bucket)) {
            if (stream.isCancelled()) {
                return false;
            }
            decodeBatch(batch, plan, request, prompt, rngs, stream, batching.parallel(), fragments);
            if (!plan.wholeText()) {
                int last = batch.getLast();
                StringBuilder text = new StringBuilder();
                int samples = 0;
                for (int i : batch) {
                    text.append(plan.segments().get(i));
                    samples += fragments[i].length;
                }
                short[] pcm = new short[samples];
                int at = 0;
                for (int i : batch) {
                    System.arraycopy(fragments[i], 0, pcm, at, fragments[i].length);
                    at += fragments[i].length;
                    fragments[i] = null;
                }
                if (!stream.offer(new AudioChunk(chunkIndex[0]++, last, count, true, text.toString(), sampleRate(), pcm))) {
                    return false;
                }
                continue;
            }
            while (nextInOrder < count && fragments[nextInOrder] != null) {
                Segment seg = new Segment(nextInOrder, count, plan.segments().get(nextInOrder));
                if (!stream.offer(new AudioChunk(chunkIndex[0]++, nextInOrder, count, true, seg.text(), sampleRate(),
                        fragments[nextInOrder]))) {
                    return false;
                }
                fragments[nextInOrder++] = null;
            }
        }
        return true;
    }

    /** Decodes the segments of one batch, at the same time on helper threads when {@code parallel}. */
    private void decodeBatch(List<Integer> batch, Plan plan, TtsRequest request, PromptCache.Prompt prompt,
                             List<SplittableRandom> rngs, AudioStream stream, boolean parallel, short[][] fragments) {
        int count = plan.segments().size();
        if (!parallel || batch.size() == 1) {
            for (int i : batch) {
                Segment seg = new Segment(i, count, plan.segments().get(i));
                fragments[i] = segment(seg, plan, prompt, request, rngs.get(i), stream, null, null);
            }
            return;
        }
        List<Future<short[]>> helpers = new ArrayList<>();
        for (int k = 1; k < batch.size(); k++) {
            int i = batch.get(k);
            Segment seg = new Segment(i, count, plan.segments().get(i));
            helpers.add(batchHelpers.submit(() -> segment(seg, plan, prompt, request, rngs.get(i), stream,
                    null, null)));
        }
        RuntimeException failure = null;
        try {
            int first = batch.getFirst();
            fragments[first] = segment(new Segment(first, count, plan.segments().get(first)), plan, prompt,
                    request, rngs.get(first), stream, null, null);
        } catch (RuntimeException e) {
            failure = e;
            stream.close();
        }
        for (int k = 1; k < batch.size(); k++) {
            try {
                fragments[batch.get(k)] = helpers.get(k - 1).get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("synthesis failed: " + e.getCause(), e.getCause());
                    stream.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stream.close();
                throw new CancellationException("interrupted");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private PromptCache.Prompt prompt(TtsRequest request, String promptLanguage) {
        PromptCache.Key key = new PromptCache.Key(PromptCache.sha256(request.referenceWav()), request.promptText(),
                promptLanguage, cacheId);
        return cache.get(key, () -> {
            ReferenceFeatures ref = ReferenceFeatures.extract(request.referenceWav(), referenceGraphs());
            String text = request.promptText().strip();
            if (text.isEmpty()) {
                return new PromptCache.Prompt(ref, new long[0], new float[0]);
            }
            if (!TextSplitter.SPLITS.contains(text.charAt(text.length() - 1))) {
                text += promptLanguage.equals("en") ? "." : "。";
            }
            TextFrontend.Phonemes ph = phonemes(text, promptLanguage);
            return new PromptCache.Prompt(ref, ph.ids(), bert.features(ph));
        });
    }

    private ReferenceGraphs referenceGraphs() {
        return new ReferenceGraphs(bundle.session(GraphRole.SSL),
                bundle.has(GraphRole.VQ_ENCODER) ? bundle.session(GraphRole.VQ_ENCODER) : null,
                bundle.has(GraphRole.SV) ? bundle.session(GraphRole.SV) : null,
                bundle.has(GraphRole.REF_ENCODER) ? bundle.session(GraphRole.REF_ENCODER) : null,
                bundle.manifest().outputRate());
    }

    /**
     * The request's prompt with upstream's timbre fusion: the style vectors of the main and the auxiliary references
     * averaged ({@code torch.stack(ges).mean(0)}). Auxiliary references are cached like main ones, under their own
     * kind of key.
     */
    private PromptCache.Prompt withAuxiliaryStyles(PromptCache.Prompt prompt, TtsRequest request) {
        if (request.auxReferenceWavs().isEmpty()) {
            return prompt;
        }
        float[] sum = prompt.reference().style().clone();
        for (byte[] wav : request.auxReferenceWavs()) {
            PromptCache.Key key = PromptCache.Key.auxiliary(PromptCache.sha256(wav), cacheId);
            float[] style = cache.get(key, () -> new PromptCache.Prompt(ReferenceFeatures.extractAuxiliary(wav, referenceGraphs()),
                    new long[0], new float[0])).reference().style();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += style[i];
            }
        }
        int count = request.auxReferenceWavs().size() + 1;
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
        return new PromptCache.Prompt(prompt.reference().withStyle(sum), prompt.phoneIds(), prompt.bert());
    }

    TextFrontend.Phonemes phonemes(String text, String language) {
        return frontend.phonemes(text, language, polyphones);
    }

    private record Segment(int index, int count, String text) {
    }

    /**
     * Synthesises one segment. Without chunking it returns the finished fragment; with chunking it hands chunks to
     * the stream while T2S runs and returns {@code null}.
     */
    private short[] segment(Segment segment, Plan plan, PromptCache.Prompt prompt, TtsRequest request,
                            SplittableRandom rng, AudioStream stream, Chunking chunking, int[] chunkIndex) {
        TextFrontend.Phonemes ph = plan.phonemes(segment.index());
        long[] target = ph.ids();
        float[] targetBert = bert.features(ph);
        int p = prompt.phoneIds().length;
        int n = p + target.length;
        long[] ids = new long[n];
        System.arraycopy(prompt.phoneIds(), 0, ids, 0, p);
        System.arraycopy(target, 0, ids, p, target.length);
        float[] allBert = new float[BertFeatures.DIM * n];
        for (int d = 0; d < BertFeatures.DIM; d++) {
            System.arraycopy(prompt.bert(), d * p, allBert, d * n, p);
            System.arraycopy(targetBert, d * target.length, allBert, d * n + p, target.length);
        }
        SamplingParams s = request.sampling();
        SamplingParams params = new SamplingParams(s.topK(), s.topP(), s.temperature(), s.repetitionPenalty(),
                rng.nextLong() & Long.MAX_VALUE, s.minTokens(), s.maxTokens());
        long[] promptTokens = p == 0 ? new long[0] : prompt.reference().promptTokens();
        if (chunking == null) {
            T2sDecoder.Result tokens = t2s.decode(ids, allBert, promptTokens, params, stream::isCancelled);
            float[] audio = vits.decode(tokens.tokens(), target, prompt.reference(), request.speedFactor(), rng);
            return PostProcess.fragment(audio, sampleRate(), request.fragmentInterval());
        }
        TokenChunker chunker = new TokenChunker(segment, target, prompt, request, rng, stream, chunking, chunkIndex);
        t2s.decode(ids, allBert, promptTokens, params, stream::isCancelled, chunker::accept);
        chunker.emit(true);
        return null;
    }

    /**
     * Joins a chunk to the tail held back from the previous one: the held samples before the overlap are kept, the
     * last {@code min(held, contextSamples)} held samples are cross-faded with a sin² window into the matching end of
     * the new chunk's context audio, moved forward by the {@link Sola} shift (at most {@code search} samples, and never
     * into the part held back for the next chunk), and the new audio after the faded window follows up to {@code end}.
     *
     * @param held           tail of the previous chunk (audio of the overlap tokens)
     * @param audio          this chunk's audio, starting with its context tokens
     * @param contextSamples samples of {@code audio} that belong to the context tokens
     * @param end            where the part held back for the next chunk begins
     * @param search         longest SOLA shift, 0 for none
     * @return the samples to emit
     */
    static float[] join(float[] held, float[] audio, int contextSamples, int end, int search) {
        int fade = Math.min(held.length, contextSamples);
        int shift = fade == 0 ? 0 : Sola.shift(held, held.length - fade, audio, contextSamples - fade, fade,
                Math.min(search, Math.max(0, end - contextSamples)));
        int from = contextSamples + shift;
        float[] out = new float[held.length + Math.max(0, end - from)];
        System.arraycopy(held, 0, out, 0, held.length - fade);
        for (int i = 0; i < fade; i++) {
            double w = Math.sin(Math.PI / 2 * (i + 0.5) / fade);
            w *= w;
            out[held.length - fade + i] = (float) (held[held.length - fade + i] * (1 - w) + audio[from - fade + i] * w);
        }
        if (end > from) {
            System.arraycopy(audio, from, out, held.length, end - from);
        }
        return out;
    }

    /** Token-chunk streaming of one segment: VITS on each chunk with left context, cross-faded joins. */
    private final class TokenChunker {
        private final Segment segment;
        private final long[] phones;
        private final PromptCache.Prompt prompt;
        private final TtsRequest request;
        private final SplittableRandom rng;
        private final AudioStream stream;
        private final Chunking chunking;
        private final int[] chunkIndex;
        private long[] tokens = new long[64];
        private int count;
        private int emitted;
        private float[] held = new float[0];

        TokenChunker(Segment segment, long[] phones, PromptCache.Prompt prompt, TtsRequest request, SplittableRandom rng,
                     AudioStream stream, Chunking chunking, int[] chunkIndex) {
            this.segment = segment;
            this.phones = phones;
            this.prompt = prompt;
            this.request = request;
            this.rng = rng;
            this.stream = stream;
            this.chunking = chunking;
            this.chunkIndex = chunkIndex;
        }

        void accept(long token) {
            if (count == tokens.length) {
                tokens = java.util.Arrays.copyOf(tokens, count * 2);
            }
            tokens[count++] = token;
            if (chunking.mute() != null) {
                int cut = MuteSplit.cut(chunking.mute(), tokens, emitted, count, chunking.tokens());
                if (cut > 0) {
                    emit(emitted + cut, false);
                }
            } else if (count - emitted >= chunking.tokens()) {
                emit(count, false);
            }
        }

        void emit(boolean last) {
            emit(count, last);
        }

        /** Decodes and hands out the tokens from the last chunk's end up to {@code b}. */
        private void emit(int b, boolean last) {
            int a = emitted;
            float[] out;
            if (b == a) {
                out = held;
            } else {
                int context = Math.min(chunking.overlap(), a);
                float[] audio = vits.decode(java.util.Arrays.copyOfRange(tokens, a - context, b), phones,
                        prompt.reference(), request.speedFactor(), rng);
                int span = b - a + context;
                int contextSamples = (int) Math.round((double) audio.length * context / span);
                int hold = last ? 0 : (int) Math.round((double) audio.length * Math.min(chunking.overlap(), b) / span);
                int end = audio.length - hold;
                out = join(held, audio, contextSamples, end, Sola.searchSamples(sampleRate()));
                held = java.util.Arrays.copyOfRange(audio, end, audio.length);
                emitted = b;
            }
            short[] pcm = PostProcess.fragment(out, sampleRate(), last ? request.fragmentInterval() : 0);
            if (!stream.offer(new AudioChunk(chunkIndex[0]++, segment.index(), segment.count(), last, segment.text(),
                    sampleRate(), pcm))) {
                throw new CancellationException("stream closed");
            }
        }
    }

    /**
     * Stops taking requests; running and queued ones finish, then the voice's graph references are released (shared
     * graphs stay open for other voices). Returns at once.
     */
    @Override
    public void close() {
        pool.shutdown();
        Thread.ofPlatform().daemon().name("sovits-close-" + name()).start(() -> {
            try {
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batchHelpers.shutdown();
            t2s.close();
            bundle.close();
        });
    }

    /**
     * Cancels every stream of this voice that has not finished (queued ones included); used when the engine stops.
     */
    public void cancelAll() {
        active.forEach(AudioStream::close);
    }

    /**
     * Waits until {@link #close()} has finished.
     *
     * @param timeoutMillis longest wait
     * @return whether every synthesis finished in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitClosed(long timeoutMillis) throws InterruptedException {
        return pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
