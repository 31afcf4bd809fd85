package io.streamcream.streaming;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import io.streamcream.common.json.Json;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.streaming.media.Destination;
import io.streamcream.streaming.media.Pipeline;
import io.streamcream.streaming.media.PipelineListener;
import io.streamcream.streaming.media.PipelineSpec;

/**
 * One stream: its WebSocket, its pipeline, its StreamStatus and its end. The WebSocket thread feeds
 * it, the service's ticker drives status, timeouts and liveness, the pipeline thread reports; every
 * transition is guarded by the session's lock and no lock is held while blocking.
 */
final class StreamSession implements PipelineListener {

    private static final System.Logger LOG = System.getLogger(StreamSession.class.getName());
    /** How long after its close deadline a pipeline may still be running before its stack is logged. */
    private static final long STUCK_REPORT_NANOS = 300_000_000L;
    /** The promise: every native context is freed within this time of the close being asked for. */
    static final long CLOSE_PROMISE_MILLIS = 2_000;

    /** Why a session ends. */
    enum EndReason { CLIENT_END, CLIENT_CLOSED, IDLE_TIMEOUT, STOPPED, ERROR, SHUTDOWN }

    private final String id;
    private final Optional<AuthenticatedUser> user;
    private final String ownerKey;
    private final StreamConfig config;
    private final StreamingSettings settings;
    private final StreamingService service;
    private final WsSession socket;
    private final Thread connectionThread;
    private final Instant createdAt;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Object sendLock = new Object();
    private Pipeline pipeline;

    private volatile boolean socketOpen = true;
    private volatile boolean paused;
    private volatile long lastMessageNanos = System.nanoTime();
    private volatile Instant startTime;
    private volatile Instant endTime;
    private volatile boolean connected;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile boolean backpressureReported;
    private boolean stuckReported;
    private volatile long closeDeadlineNanos;
    private volatile long nextStatusNanos;
    private volatile EndReason reason;
    private volatile int closeCode = WsCloseCodes.NORMAL_CLOSE;
    private volatile OptionalLong recordId = OptionalLong.empty();
    private long lastStatusNanos = System.nanoTime();
    private long lastStatusFrames;
    private long lastStatusBytes;
    private double fps;
    private double kbps;

    StreamSession(String id, Optional<AuthenticatedUser> user, String ownerKey, StreamConfig config,
                  StreamingSettings settings, StreamingService service, WsSession socket, Thread connectionThread) {
        this.id = id;
        this.user = user;
        this.ownerKey = ownerKey;
        this.config = config;
        this.settings = settings;
        this.service = service;
        this.socket = socket;
        this.connectionThread = connectionThread;
        this.createdAt = Instant.now();
    }

    /** Starts the pipeline and tells the client. */
    void start() {
        PipelineSpec spec = new PipelineSpec(config.destinations(), config.width(), config.height(), config.fps(),
                config.bitrate(), config.forceTranscode(), settings.queueSize(), settings.connectTimeout().toMillis(),
                settings.writeTimeout().toMillis());
        pipeline = Pipeline.start(id.substring(0, 8), spec, this);
        var started = Json.object();
        started.put("type", "started");
        started.put("session_id", id);
        started.put("title", config.title());
        var list = started.putArray("destinations");
        config.destinations().forEach(url -> list.add(OutputUrls.mask(url)));
        user.ifPresent(u -> started.put("user_id", u.id()));
        started.put("max_message_size", settings.maxMessageSize());
        send(started);
        nextStatusNanos = System.nanoTime() + settings.statusInterval().toNanos();
    }

    String id() {
        return id;
    }

    String ownerKey() {
        return ownerKey;
    }

    Optional<AuthenticatedUser> user() {
        return user;
    }

    boolean ended() {
        return ended;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    // ---- from the WebSocket thread ----

    /**
     * A media chunk. Blocks while the queue is full (TCP pushes back on the client); the client is
     * told once, and the session fails when the queue stays full too long.
     */
    void media(byte[] chunk) {
        lastMessageNanos = System.nanoTime();
        if (ending) {
            return;
        }
        try {
            if (pipeline.wouldBlock(chunk.length) && !backpressureReported) {
                backpressureReported = true;
                var warning = Json.object();
                warning.put("type", "backpressure");
                warning.put("message", "服务器处理跟不上发送速度，正在限速");
                warning.put("queued_bytes", pipeline.queuedBytes());
                send(warning);
            }
            if (!pipeline.offer(chunk, settings.backpressureTimeout())) {
                if (!ending) {
                    fail("服务器处理跟不上发送速度，推流已停止 (发送队列已满 "
                            + settings.backpressureTimeout().toSeconds() + " 秒)", WsCloseCodes.TRY_AGAIN_LATER);
                }
            } else if (backpressureReported && !pipeline.wouldBlock(1)) {
                backpressureReported = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clientGone();
        }
    }

    /** A text message after the first. */
    void control(String text) {
        lastMessageNanos = System.nanoTime();
        String action;
        try {
            var node = Json.parse(text);
            action = node.path("action").asText(node.path("type").asText(""));
        } catch (RuntimeException e) {
            sendError("invalid_message", "控制消息必须是 JSON，例如 {\"action\":\"end_stream\"}");
            return;
        }
        switch (action) {
        case "pause_stream" -> {
            paused = true;
            sendStatus();
        }
        case "resume_stream" -> {
            paused = false;
            sendStatus();
        }
        case "end_stream" -> end(EndReason.CLIENT_END, WsCloseCodes.NORMAL_CLOSE);
        case "status" -> sendStatus();
        case "start_stream" -> sendError("already_started", "推流已开始");
        default -> sendError("unknown_action", "未知的控制消息: " + (action.length() > 40 ? action.substring(0, 40) : action));
        }
    }

    /** The client closed the WebSocket or its connection dropped: drain what arrived, then stop. */
    void clientGone() {
        socketOpen = false;
        end(EndReason.CLIENT_CLOSED, WsCloseCodes.NORMAL_CLOSE);
    }

    // ---- from anywhere ----

    /** Ends gracefully: the pipeline flushes what it has; aborted if that takes longer than allowed. */
    void end(EndReason why, int code) {
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
            reason = why;
            closeCode = code;
            closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
        }
        pipeline.endOfStream(settings.closeTimeout());
    }

    /** Ends with an error sent to the client. */
    void fail(String message, int code) {
        errors.add(message);
        sendError("stream_failed", message);
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
            reason = EndReason.ERROR;
            closeCode = code;
            closeDeadlineNanos = System.nanoTime();
        }
        pipeline.abort();
    }

    /** Stops at once (server shutdown). */
    void abort(EndReason why) {
        synchronized (this) {
            if (!ending) {
                ending = true;
                reason = why;
                closeCode = WsCloseCodes.GOING_AWAY;
            }
        }
        pipeline.abort();
    }

    /** Ticker: liveness of the client, timeouts, the close deadline and the status messages. */
    void tick(long now) {
        if (ended) {
            return;
        }
        if (ending) {
            if (now - closeDeadlineNanos > 0) {
                // The pipeline enforces its drain budget itself; this backstop also covers a pipeline that
                // was never asked to end (an error raised here) and reports one that does not stop.
                pipeline.abort();
                if (!stuckReported && now - closeDeadlineNanos > STUCK_REPORT_NANOS && !pipeline.finished()) {
                    stuckReported = true;
                    reportStuck();
                }
            }
            return;
        }
        if (!connectionThread.isAlive()) {
            clientGone();
            return;
        }
        Duration limit = paused ? settings.pauseTimeout() : settings.idleTimeout();
        if (now - lastMessageNanos > limit.toNanos()) {
            errors.add(paused ? "暂停超时" : "空闲超时: " + limit.toSeconds() + " 秒内没有收到数据");
            sendError("idle_timeout", errors.getLast());
            end(EndReason.IDLE_TIMEOUT, WsCloseCodes.NORMAL_CLOSE);
            return;
        }
        if (now - nextStatusNanos >= 0) {
            nextStatusNanos = now + settings.statusInterval().toNanos();
            sendStatus();
        }
    }

    /** Logs what the pipeline thread is doing when it has not stopped after being aborted. */
    private void reportStuck() {
        StringBuilder trace = new StringBuilder();
        for (StackTraceElement frame : pipeline.threadStack()) {
            trace.append("\n    at ").append(frame);
        }
        LOG.log(Level.WARNING, "Stream session " + id.substring(0, 8) + " has not stopped "
                + STUCK_REPORT_NANOS / 1_000_000 + " ms after its close deadline; its pipeline thread is at:" + trace);
    }

    // ---- from the pipeline thread ----

    @Override
    public void connected(List<Destination> live, String mode) {
        connected = true;
        startTime = Instant.now();
        var message = Json.object();
        message.put("type", "connected");
        message.put("session_id", id);
        message.put("mode", mode);
        var list = message.putArray("destinations");
        live.forEach(d -> list.add(OutputUrls.mask(d.url())));
        send(message);
        service.markLive(this);
    }

    @Override
    public void destinationFailed(Destination destination) {
        String message = OutputUrls.mask(destination.url()) + ": " + destination.error();
        errors.add(message);
        var error = Json.object();
        error.put("type", "error");
        error.put("code", "destination_failed");
        error.put("error", message);
        error.put("destination", OutputUrls.mask(destination.url()));
        send(error);
    }

    @Override
    public void finished(Optional<String> error, boolean aborted) {
        endTime = Instant.now();
        EndReason why;
        int code;
        synchronized (this) {
            if (error.isPresent() && (!ending || reason == EndReason.CLIENT_END || reason == EndReason.IDLE_TIMEOUT)) {
                errors.add(error.get());
                sendError("stream_failed", error.get());
                reason = EndReason.ERROR;
                closeCode = WsCloseCodes.UNEXPECTED_CONDITION;
            } else if (!ending) {
                // The input ended by itself (end of the media data).
                reason = EndReason.CLIENT_END;
            }
            ending = true;
            why = reason;
            code = closeCode;
        }
        connected = false;
        long closeMillis = pipeline.closeMillis();
        if (closeMillis > CLOSE_PROMISE_MILLIS) {
            LOG.log(Level.WARNING, "Stream session " + id.substring(0, 8) + " took " + closeMillis
                    + " ms to free its native contexts (promised: " + CLOSE_PROMISE_MILLIS + " ms)");
        }
        var message = Json.object();
        message.put("type", "ended");
        message.put("session_id", id);
        message.put("reason", why.name().toLowerCase(java.util.Locale.ROOT));
        message.set("status", Json.mapper().valueToTree(status()));
        send(message);
        ended = true;
        closeSocket(code, why.name().toLowerCase(java.util.Locale.ROOT));
        service.sessionEnded(this);
    }

    // ---- status ----

    /** @return the StreamStatus (§2.3.2) with this service's additions */
    Map<String, Object> status() {
        Pipeline p = pipeline;
        long now = System.nanoTime();
        long frames = p.videoFrames();
        long bytes = p.bytesSent();
        synchronized (this) {
            double seconds = (now - lastStatusNanos) / 1e9;
            if (seconds >= 0.5) {
                fps = (frames - lastStatusFrames) / seconds;
                kbps = (bytes - lastStatusBytes) * 8 / 1000.0 / seconds;
                lastStatusNanos = now;
                lastStatusFrames = frames;
                lastStatusBytes = bytes;
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("session_id", id);
        status.put("is_connected", connected && !ended);
        status.put("is_streaming", connected && !ended && !ending && !paused);
        status.put("start_time", startTime == null ? null : startTime.toString());
        Instant from = startTime;
        Instant to = endTime == null ? Instant.now() : endTime;
        status.put("duration", from == null ? 0 : Math.max(0, Duration.between(from, to).toMillis()) / 1000.0);
        status.put("bytes_sent", bytes);
        status.put("frames_sent", frames);
        status.put("errors", List.copyOf(errors));
        status.put("fps", Math.round(fps * 10) / 10.0);
        status.put("bitrate", Math.round(kbps));
        status.put("paused", paused);
        status.put("mode", p.mode());
        status.put("audio_mode", p.audioMode());
        status.put("bytes_received", p.bytesReceived());
        status.put("queued_bytes", p.queuedBytes());
        status.put("audio_frames_sent", p.audioFrames());
        var latency = p.latency();
        Map<String, Object> latencyMillis = new LinkedHashMap<>();
        latencyMillis.put("packets", latency.count());
        latencyMillis.put("p50", latency.millis(50));
        latencyMillis.put("p95", latency.millis(95));
        latencyMillis.put("p99", latency.millis(99));
        latencyMillis.put("max", Math.round(latency.maxMillis() * 10) / 10.0);
        status.put("latency_ms", latencyMillis);
        long closeMillis = p.closeMillis();
        if (closeMillis >= 0) {
            status.put("close_ms", closeMillis);
        }
        status.put("title", config.title());
        status.put("created_at", createdAt.toString());
        List<Map<String, Object>> destinations = new ArrayList<>();
        for (Destination d : p.destinations()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("url", OutputUrls.mask(d.url()));
            entry.put("state", d.state().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("bytes_sent", d.bytesSent());
            entry.put("error", d.error());
            destinations.add(entry);
        }
        status.put("destinations", destinations);
        return status;
    }

    private void sendStatus() {
        var message = Json.mapper().createObjectNode();
        message.put("type", "status");
        message.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(status()));
        send(message);
    }

    private void sendError(String code, String text) {
        var message = Json.object();
        message.put("type", "error");
        message.put("code", code);
        message.put("error", text);
        send(message);
    }

    OptionalLong recordId() {
        return recordId;
    }

    void recordId(long value) {
        recordId = OptionalLong.of(value);
    }

    String streamKey() {
        return config.streamKey();
    }

    private void send(Object message) {
        if (!socketOpen) {
            return;
        }
        synchronized (sendLock) {
            try {
                socket.send(Json.text(message), true);
            } catch (RuntimeException e) {
                socketOpen = false;
                LOG.log(Level.DEBUG, "WebSocket send failed", e);
            }
        }
    }

    private void closeSocket(int code, String why) {
        if (!socketOpen) {
            return;
        }
        synchronized (sendLock) {
            try {
                socket.close(code, why);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "WebSocket close failed", e);
            }
            socketOpen = false;
        }
    }
}
