package io.streamcream.streaming.media;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * One live stream: chunks in through a bounded queue and a custom read callback, Matroska/WebM or
 * MP4 demuxed, H.264 copied or everything else encoded with libx264, audio to AAC, FLV out to one or
 * more RTMP destinations. A dedicated thread is the only one touching its native contexts; other
 * threads only {@link #offer}, {@link #endOfStream} and {@link #abort}.
 */
public final class Pipeline {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
    private static final long KEYFRAME_INTERVAL_MS = 2000;
    private static final long TRAILER_TIMEOUT_MS = 1000;
    private static final int PENDING_FRAMES = 256;

    private final PipelineSpec spec;
    private final PipelineListener listener;
    private final ChunkQueue queue;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Destination> destinations = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final Thread thread;
    private volatile boolean aborted;
    /** When the first end or abort was asked for ({@link System#nanoTime()}), 0 before. */
    private volatile long closeRequestedNanos;
    /** After this instant ({@link System#nanoTime()}) an ending pipeline stops draining and aborts; 0: none. */
    private volatile long drainDeadlineNanos;
    /** How long closing took, from the first request to the last context freed; -1 until then. */
    private volatile long closeMillis = -1;
    private volatile long videoFrames;
    private volatile long audioFrames;
    private volatile int decodeErrors;
    private volatile String mode = "";
    private volatile String audioMode = "";
    private volatile long firstPacketNanos;
    private final LatencyHistogram latency = new LatencyHistogram();

    // Pipeline thread only.
    private byte[] current;
    private int position;
    private boolean inputEnded;
    private final List<RtmpOutput> outputs = new ArrayList<>();
    private final List<Destination> outputStates = new ArrayList<>();
    private MediaInput input;
    private Codec videoDecoder;
    private Codec videoEncoder;
    private Scaler scaler;
    private Codec audioDecoder;
    private Codec audioEncoder;
    private Resampler resampler;
    private AVPacket packet;
    private AVPacket encoded;
    private AVPacket outgoing;
    private AVFrame frame;
    private int videoIndex = -1;
    private int audioIndex = -1;
    private int videoTrack = -1;
    private int audioTrack = -1;
    private AVRational videoInputTimeBase;
    private AVRational audioInputTimeBase;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastVideoPts = Long.MIN_VALUE;
    private long lastKeyframe = Long.MIN_VALUE;
    private long audioNextPts = Long.MIN_VALUE;
    private long lastAudioDts = Long.MIN_VALUE;
    /** Dts (ms) of the first packet handed to the muxers: FLV refuses anything earlier. */
    private long firstDtsMillis = Long.MIN_VALUE;
    private final ChunkLog chunkLog = new ChunkLog();
    /** Arrival of the chunk that completed the packet being processed. */
    private long packetArrival;
    /** Pts (ms) and arrival of frames inside the video encoder, oldest first (no B-frames: output order). */
    private final long[] pendingPts = new long[PENDING_FRAMES];
    private final long[] pendingArrival = new long[PENDING_FRAMES];
    private int pendingHead;
    private int pendingSize;

    private Pipeline(String name, PipelineSpec spec, PipelineListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.queue = new ChunkQueue(spec.queueBytes());
        for (String url : spec.destinations()) {
            destinations.add(new Destination(url));
        }
        // A platform thread: FFmpeg calls block in native code, which would pin a virtual thread's carrier.
        this.thread = Thread.ofPlatform().name("stream-" + name).daemon(true).unstarted(this::run);
    }

    /**
     * Starts a pipeline; it waits for the first chunk.
     *
     * @param name     thread name suffix
     * @param spec     what to produce
     * @param listener its events
     * @return the running pipeline
     */
    public static Pipeline start(String name, PipelineSpec spec, PipelineListener listener) {
        Ffmpeg.load();
        Pipeline pipeline = new Pipeline(name, spec, listener);
        pipeline.thread.start();
        return pipeline;
    }

    /**
     * Queues a chunk, waiting up to {@code timeout} for room (the caller's thread is the
     * WebSocket's, so waiting pushes back on the client through TCP).
     *
     * @param chunk   the bytes, handed over
     * @param timeout longest wait
     * @return whether it was queued
     * @throws InterruptedException if interrupted
     */
    public boolean offer(byte[] chunk, Duration timeout) throws InterruptedException {
        boolean queued = queue.offer(chunk, timeout);
        if (queued) {
            bytesReceived.addAndGet(chunk.length);
        }
        return queued;
    }

    /**
     * @param length size of the next chunk
     * @return whether {@link #offer} would have to wait
     */
    public boolean wouldBlock(int length) {
        return queue.wouldBlock(length);
    }

    /**
     * No more chunks: the pipeline drains what is queued, flushes and closes. The pipeline enforces
     * the budget itself: once it is spent, draining stops as if {@link #abort} had been called, so the
     * close does not depend on another thread noticing the deadline.
     *
     * @param drainBudget longest time for draining and flushing
     */
    public void endOfStream(Duration drainBudget) {
        closeRequested();
        long deadline = System.nanoTime() + drainBudget.toNanos();
        drainDeadlineNanos = deadline == 0 ? 1 : deadline;
        queue.end();
    }

    /** Stops at once: blocking reads and writes are interrupted, nothing more is flushed. */
    public void abort() {
        closeRequested();
        aborted = true;
        queue.abort();
    }

    private void closeRequested() {
        if (closeRequestedNanos == 0) {
            long now = System.nanoTime();
            closeRequestedNanos = now == 0 ? 1 : now;
        }
    }

    /**
     * Whether the pipeline must stop now: aborted, or its drain budget is spent (which aborts it).
     * Checked by the loops and by FFmpeg's interrupt callbacks.
     */
    private boolean stopping() {
        if (aborted) {
            return true;
        }
        long deadline = drainDeadlineNanos;
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            aborted = true;
            queue.abort();
            return true;
        }
        return false;
    }

    /** @return milliseconds from the first end or abort request to the last native context freed; -1 until closed */
    public long closeMillis() {
        return closeMillis;
    }

    /** @return the pipeline thread's stack, to report what holds a late close */
    public StackTraceElement[] threadStack() {
        return thread.getStackTrace();
    }

    /**
     * @param timeout longest wait
     * @return whether the pipeline ended (and freed its contexts) within the wait
     * @throws InterruptedException if interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return whether it ended */
    public boolean finished() {
        return done.getCount() == 0;
    }

    /** @return chunk bytes accepted */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** @return chunk bytes not yet read by the demuxer */
    public long queuedBytes() {
        return queue.queuedBytes();
    }

    /** @return FLV bytes written, summed over destinations */
    public long bytesSent() {
        return destinations.stream().mapToLong(Destination::bytesSent).sum();
    }

    /** @return video packets written to at least one destination */
    public long videoFrames() {
        return videoFrames;
    }

    /** @return audio packets written to at least one destination */
    public long audioFrames() {
        return audioFrames;
    }

    /** @return packets the decoders rejected (the stream carries on) */
    public int decodeErrors() {
        return decodeErrors;
    }

    /** @return {@code copy}, {@code transcode}, or empty before the input is known */
    public String mode() {
        return mode;
    }

    /** @return {@code copy} (AAC input), {@code transcode} (to AAC), or empty without audio or before the input is known */
    public String audioMode() {
        return audioMode;
    }

    /** @return the destinations with their states */
    public List<Destination> destinations() {
        return List.copyOf(destinations);
    }

    /** @return when the first packet left for RTMP ({@link System#nanoTime()}), 0 before */
    public long firstPacketNanos() {
        return firstPacketNanos;
    }

    /** @return latencies from a chunk arriving to the packets made from it leaving for RTMP */
    public LatencyHistogram.Snapshot latency() {
        return latency.snapshot();
    }

    private void run() {
        Optional<String> error = Optional.empty();
        try {
            stream();
        } catch (MediaException e) {
            error = Optional.of(e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "Stream pipeline failed", e);
            error = Optional.of("内部错误: " + e.getClass().getSimpleName());
        } finally {
            release();
            long requested = closeRequestedNanos;
            if (requested != 0) {
                closeMillis = Math.max(0, (System.nanoTime() - requested) / 1_000_000);
            }
            done.countDown();
        }
        if (aborted && error.isEmpty()) {
            error = Optional.empty();
        }
        try {
            listener.finished(aborted ? Optional.empty() : error, aborted);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Pipeline listener failed", e);
        }
    }

    private void stream() {
        String container = detectContainer();
        if (container == null) {
            return;
        }
        input = MediaInput.open(container, this::read, this::stopping);
        packet = avcodec.av_packet_alloc();
        encoded = avcodec.av_packet_alloc();
        outgoing = avcodec.av_packet_alloc();
        frame = avutil.av_frame_alloc();
        List<RtmpOutput.Track> tracks = prepareTracks();
        openOutputs(tracks);
        while (!stopping()) {
            int result = input.read(packet);
            if (result == avutil.AVERROR_EOF || (result < 0 && (stopping() || inputEnded))) {
                break;
            }
            if (result < 0) {
                throw new MediaException(result, "读取媒体流失败: " + Ffmpeg.describe(result));
            }
            packetArrival = chunkLog.arrivalOf(packet.size() > 0 && packet.pos() >= 0
                    ? packet.pos() + packet.size() - 1 : -1);
            try {
                if (packet.stream_index() == videoIndex) {
                    video(packet);
                } else if (packet.stream_index() == audioIndex) {
                    audio(packet);
                }
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
        if (!stopping()) {
            flush();
        }
    }

    /** Waits for the first bytes and picks the demuxer from them; null when ended before any byte. */
    private String detectContainer() {
        byte[] head = new byte[0];
        while (head.length < 8) {
            ChunkQueue.Chunk[] holder = new ChunkQueue.Chunk[1];
            ChunkQueue.State state;
            try {
                state = queue.take(holder, 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MediaException(avutil.AVERROR_EXIT, "已中断");
            }
            if (state == ChunkQueue.State.ABORTED) {
                return null;
            }
            if (state == ChunkQueue.State.END) {
                if (head.length == 0) {
                    return null;
                }
                inputEnded = true;
                break;
            }
            if (state == ChunkQueue.State.CHUNK) {
                byte[] bytes = holder[0].bytes();
                chunkLog.add(bytes.length, holder[0].arrivedNanos());
                byte[] joined = Arrays.copyOf(head, head.length + bytes.length);
                System.arraycopy(bytes, 0, joined, head.length, bytes.length);
                head = joined;
            }
        }
        current = head;
        position = 0;
        if (head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), EBML)) {
            return "matroska";
        }
        if (head.length >= 8) {
            String box = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (box.equals("ftyp") || box.equals("styp") || box.equals("moov")) {
                return "mov";
            }
        }
        throw new MediaException(avutil.AVERROR_INVALIDDATA,
                "无法识别的媒体流: 需要 WebM/Matroska 或 MP4 (MediaRecorder 的第一个数据块)");
    }

    /** The read callback's work (pipeline thread). */
    private int read(BytePointer buffer, int size) {
        while (current == null || position >= current.length) {
            if (inputEnded) {
                return avutil.AVERROR_EOF;
            }
            ChunkQueue.Chunk[] holder = new ChunkQueue.Chunk[1];
            ChunkQueue.State state;
            try {
                state = queue.take(holder, 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return avutil.AVERROR_EXIT;
            }
            switch (state) {
            case CHUNK -> {
                current = holder[0].bytes();
                position = 0;
                chunkLog.add(current.length, holder[0].arrivedNanos());
            }
            case END -> {
                inputEnded = true;
                return avutil.AVERROR_EOF;
            }
            case ABORTED -> {
                return avutil.AVERROR_EXIT;
            }
            default -> {
                if (stopping()) {
                    return avutil.AVERROR_EXIT;
                }
            }
            }
        }
        int count = Math.min(size, current.length - position);
        buffer.position(0).put(current, position, count);
        position += count;
        return count;
    }

    private List<RtmpOutput.Track> prepareTracks() {
        videoIndex = input.bestStream(avutil.AVMEDIA_TYPE_VIDEO);
        audioIndex = input.bestStream(avutil.AVMEDIA_TYPE_AUDIO);
        if (videoIndex < 0 && audioIndex < 0) {
            throw new MediaException(avutil.AVERROR_STREAM_NOT_FOUND, "媒体流中没有音视频轨道");
        }
        List<RtmpOutput.Track> tracks = new ArrayList<>();
        if (videoIndex >= 0) {
            AVStream stream = input.stream(videoIndex);
            AVCodecParameters parameters = stream.codecpar();
            videoInputTimeBase = stream.time_base();
            boolean copy = !spec.forceTranscode() && parameters.codec_id() == avcodec.AV_CODEC_ID_H264
                    && parameters.extradata_size() > 0 && parameters.width() > 0;
            videoTrack = tracks.size();
            if (copy) {
                mode = "copy";
                tracks.add(new RtmpOutput.Track(parameters, stream.time_base()));
            } else {
                mode = "transcode";
                videoDecoder = Codec.decoder(stream);
                int width = even(spec.width() > 0 ? spec.width() : parameters.width() > 0 ? parameters.width() : 640);
                int height = even(spec.height() > 0 ? spec.height() : parameters.height() > 0 ? parameters.height() : 360);
                scaler = new Scaler(width, height);
                videoEncoder = Codec.x264(width, height, spec.fps(), spec.kbps());
                tracks.add(new RtmpOutput.Track(videoEncoder.parameters(), videoEncoder.timeBase()));
            }
        } else {
            mode = "audio";
        }
        if (audioIndex >= 0) {
            AVStream stream = input.stream(audioIndex);
            AVCodecParameters parameters = stream.codecpar();
            audioInputTimeBase = stream.time_base();
            audioTrack = tracks.size();
            // AAC with its AudioSpecificConfig (fragmented MP4 from Safari / new Chrome) goes to FLV as it is;
            // anything else (Opus from WebM/Matroska) is decoded and encoded to AAC.
            boolean copy = !spec.forceTranscode() && parameters.codec_id() == avcodec.AV_CODEC_ID_AAC
                    && parameters.extradata_size() > 0 && parameters.sample_rate() > 0;
            if (copy) {
                audioMode = "copy";
                tracks.add(new RtmpOutput.Track(parameters, stream.time_base()));
            } else {
                audioMode = "transcode";
                audioDecoder = Codec.decoder(stream);
                resampler = new Resampler();
                audioEncoder = Codec.aac();
                tracks.add(new RtmpOutput.Track(audioEncoder.parameters(), audioEncoder.timeBase()));
            }
        }
        return tracks;
    }

    private static int even(int value) {
        return Math.max(2, value & ~1);
    }

    private void openOutputs(List<RtmpOutput.Track> tracks) {
        String firstError = null;
        for (Destination destination : destinations) {
            if (stopping()) {
                return;
            }
            try {
                RtmpOutput output = RtmpOutput.open(destination.url(), tracks, spec.connectTimeoutMillis(), this::stopping);
                outputs.add(output);
                outputStates.add(destination);
                destination.state(Destination.State.CONNECTED);
            } catch (MediaException e) {
                destination.fail(e.getMessage());
                firstError = firstError == null ? e.getMessage() : firstError;
                listener.destinationFailed(destination);
            }
        }
        if (outputs.isEmpty()) {
            if (stopping()) {
                return;
            }
            throw new MediaException(avutil.AVERROR_EXIT, "推流地址连接失败: " + firstError);
        }
        listener.connected(List.copyOf(outputStates), mode);
    }

    private void video(AVPacket input) {
        if (videoEncoder == null) {
            // Copy: Matroska may leave dts unset; keep dts increasing and pts >= dts as FLV requires.
            long dts = increasingDts(input, lastVideoDts);
            if (dts == avutil.AV_NOPTS_VALUE) {
                return;
            }
            lastVideoDts = dts;
            input.dts(dts);
            if (input.pts() == avutil.AV_NOPTS_VALUE || input.pts() < dts) {
                input.pts(dts);
            }
            if (send(input, videoTrack, videoInputTimeBase, packetArrival)) {
                videoFrames++;
            }
            return;
        }
        if (videoDecoder.send(input) < 0) {
            decodeErrors++;
            return;
        }
        drainVideoDecoder();
    }

    private void drainVideoDecoder() {
        while (true) {
            int result = videoDecoder.receive(frame);
            if (result == Ffmpeg.EAGAIN || result == avutil.AVERROR_EOF) {
                return;
            }
            if (result < 0) {
                decodeErrors++;
                return;
            }
            try {
                encodeVideo(frame);
            } finally {
                avutil.av_frame_unref(frame);
            }
        }
    }

    private void encodeVideo(AVFrame decoded) {
        long timestamp = decoded.best_effort_timestamp();
        long millis = timestamp == avutil.AV_NOPTS_VALUE
                ? (lastVideoPts == Long.MIN_VALUE ? 0 : lastVideoPts + 1000L / Math.max(1, spec.fps()))
                : avutil.av_rescale_q(timestamp, videoInputTimeBase, Ffmpeg.MILLIS);
        if (lastVideoPts != Long.MIN_VALUE && millis <= lastVideoPts) {
            millis = lastVideoPts + 1;
        }
        lastVideoPts = millis;
        AVFrame picture = scaler.needed(decoded) ? scaler.convert(decoded) : decoded;
        picture.pts(millis);
        remember(millis, packetArrival);
        boolean key = lastKeyframe == Long.MIN_VALUE || millis - lastKeyframe >= KEYFRAME_INTERVAL_MS;
        picture.pict_type(key ? avutil.AV_PICTURE_TYPE_I : avutil.AV_PICTURE_TYPE_NONE);
        if (key) {
            lastKeyframe = millis;
        }
        Ffmpeg.check(videoEncoder.send(picture), "encode video");
        drainEncoder(videoEncoder, videoTrack);
    }

    /** Notes a frame entering the video encoder; the oldest is forgotten if the encoder holds too many. */
    private void remember(long pts, long arrival) {
        if (pendingSize == PENDING_FRAMES) {
            pendingHead = (pendingHead + 1) % PENDING_FRAMES;
            pendingSize--;
        }
        int slot = (pendingHead + pendingSize) % PENDING_FRAMES;
        pendingPts[slot] = pts;
        pendingArrival[slot] = arrival;
        pendingSize++;
    }

    /** @return arrival of the input frame an encoded packet came from (by pts), 0 when unknown */
    private long arrivalOfEncoded(long pts) {
        long arrival = 0;
        while (pendingSize > 0 && pendingPts[pendingHead] <= pts) {
            arrival = pendingArrival[pendingHead];
            pendingHead = (pendingHead + 1) % PENDING_FRAMES;
            pendingSize--;
        }
        return arrival;
    }

    private void drainEncoder(Codec encoder, int track) {
        while (true) {
            int result = encoder.receive(encoded);
            if (result == Ffmpeg.EAGAIN || result == avutil.AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(result, "encode");
            try {
                if (track == videoTrack && (encoded.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
                    lastKeyframe = Math.max(lastKeyframe, encoded.pts());
                }
                long arrival = track == videoTrack ? arrivalOfEncoded(encoded.pts()) : packetArrival;
                if (send(encoded, track, encoder.timeBase(), arrival)) {
                    if (track == videoTrack) {
                        videoFrames++;
                    } else {
                        audioFrames++;
                    }
                }
            } finally {
                avcodec.av_packet_unref(encoded);
            }
        }
    }

    /**
     * @param input a packet to copy
     * @param last  the track's previous dts, {@code Long.MIN_VALUE} (= {@code AV_NOPTS_VALUE}) before the first
     * @return its dts (or pts when dts is unset) raised above {@code last}; {@code AV_NOPTS_VALUE} when it has neither
     */
    private static long increasingDts(AVPacket input, long last) {
        if (input.pts() == avutil.AV_NOPTS_VALUE && input.dts() == avutil.AV_NOPTS_VALUE) {
            return avutil.AV_NOPTS_VALUE;
        }
        long dts = input.dts() == avutil.AV_NOPTS_VALUE ? input.pts() : input.dts();
        return last != Long.MIN_VALUE && dts <= last ? last + 1 : dts;
    }

    private void audio(AVPacket input) {
        if (audioDecoder == null) {
            // Copy: keep timestamps increasing, as FLV requires.
            long dts = increasingDts(input, lastAudioDts);
            if (dts == avutil.AV_NOPTS_VALUE) {
                return;
            }
            lastAudioDts = dts;
            input.dts(dts);
            input.pts(dts);
            if (send(input, audioTrack, audioInputTimeBase, packetArrival)) {
                audioFrames++;
            }
            return;
        }
        if (audioDecoder.send(input) < 0) {
            decodeErrors++;
            return;
        }
        drainAudioDecoder();
        drainFifo(false);
    }

    private void drainAudioDecoder() {
        while (true) {
            int result = audioDecoder.receive(frame);
            if (result == Ffmpeg.EAGAIN || result == avutil.AVERROR_EOF) {
                return;
            }
            if (result < 0) {
                decodeErrors++;
                return;
            }
            try {
                if (audioNextPts == Long.MIN_VALUE) {
                    long timestamp = frame.best_effort_timestamp();
                    audioNextPts = timestamp == avutil.AV_NOPTS_VALUE ? 0
                            : avutil.av_rescale_q(timestamp, audioInputTimeBase, audioEncoder.timeBase());
                }
                resampler.push(frame);
            } finally {
                avutil.av_frame_unref(frame);
            }
        }
    }

    private void drainFifo(boolean last) {
        int frameSize = Math.max(audioEncoder.context().frame_size(), 1);
        while (resampler.available() >= frameSize || (last && resampler.available() > 0)) {
            AVFrame samples = resampler.take(Math.min(frameSize, resampler.available()));
            try {
                samples.pts(audioNextPts);
                audioNextPts += samples.nb_samples();
                Ffmpeg.check(audioEncoder.send(samples), "encode audio");
            } finally {
                avutil.av_frame_free(samples);
            }
            drainEncoder(audioEncoder, audioTrack);
        }
    }

    /**
     * Writes a packet to every live destination; a failing destination is closed and reported, and
     * the stream fails only when none is left.
     *
     * @param arrivalNanos arrival of the chunk the packet came from, 0 when unknown (not recorded)
     * @return whether at least one destination took it
     */
    private boolean send(AVPacket source, int track, AVRational timeBase, long arrivalNanos) {
        // Fragmented MP4 delivers a whole fragment of video before its audio, so the muxer may have
        // started with a later packet than the encoder's first (AAC priming): drop what FLV would refuse.
        long dtsMillis = avutil.av_rescale_q(source.dts() == avutil.AV_NOPTS_VALUE ? source.pts() : source.dts(),
                timeBase, Ffmpeg.MILLIS);
        if (firstDtsMillis == Long.MIN_VALUE) {
            firstDtsMillis = dtsMillis;
        } else if (dtsMillis < firstDtsMillis) {
            return false;
        }
        boolean written = false;
        for (int i = 0; i < outputs.size(); i++) {
            RtmpOutput output = outputs.get(i);
            Ffmpeg.check(avcodec.av_packet_ref(outgoing, source), "packet");
            outgoing.stream_index(track);
            avcodec.av_packet_rescale_ts(outgoing, timeBase, output.timeBase(track));
            int result = output.write(outgoing, spec.writeTimeoutMillis());
            avcodec.av_packet_unref(outgoing);
            Destination state = outputStates.get(i);
            if (result < 0) {
                if (stopping()) {
                    return written;
                }
                String reason = (result == avutil.AVERROR_EXIT ? "推流服务器无响应 (写超时)" : "推流中断")
                        + ": " + Ffmpeg.describe(result);
                state.fail(reason);
                output.close();
                outputs.remove(i);
                outputStates.remove(i);
                i--;
                listener.destinationFailed(state);
                if (outputs.isEmpty()) {
                    throw new MediaException(result, reason);
                }
            } else {
                state.bytesSent(output.bytesWritten());
                written = true;
            }
        }
        if (written) {
            long now = System.nanoTime();
            if (firstPacketNanos == 0) {
                firstPacketNanos = now;
            }
            if (arrivalNanos != 0) {
                latency.record(now - arrivalNanos);
            }
        }
        return written;
    }

    private void flush() {
        if (videoDecoder != null) {
            videoDecoder.send((AVPacket) null);
            drainVideoDecoder();
        }
        if (videoEncoder != null && !stopping()) {
            videoEncoder.send((AVFrame) null);
            drainEncoder(videoEncoder, videoTrack);
        }
        if (audioDecoder != null && !stopping()) {
            audioDecoder.send((AVPacket) null);
            drainAudioDecoder();
            resampler.push(null);
            drainFifo(true);
            audioEncoder.send((AVFrame) null);
            drainEncoder(audioEncoder, audioTrack);
        }
        for (int i = 0; i < outputs.size() && !stopping(); i++) {
            RtmpOutput output = outputs.get(i);
            output.finish(TRAILER_TIMEOUT_MS);
            outputStates.get(i).bytesSent(output.bytesWritten());
        }
    }

    /** Frees every native context (pipeline thread, always). */
    private void release() {
        for (int i = 0; i < outputs.size(); i++) {
            closeQuietly(outputs.get(i));
            outputStates.get(i).state(Destination.State.CLOSED);
        }
        outputs.clear();
        outputStates.clear();
        closeQuietly(videoEncoder);
        closeQuietly(videoDecoder);
        closeQuietly(scaler);
        closeQuietly(audioEncoder);
        closeQuietly(audioDecoder);
        closeQuietly(resampler);
        closeQuietly(input);
        if (packet != null) {
            avcodec.av_packet_free(packet);
            avcodec.av_packet_free(encoded);
            avcodec.av_packet_free(outgoing);
            avutil.av_frame_free(frame);
            packet = null;
        }
        queue.abort();
        current = null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Closing a native context failed", e);
        }
    }
}
