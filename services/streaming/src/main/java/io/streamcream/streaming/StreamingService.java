package io.streamcream.streaming;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.common.streams.StreamRecords;
import io.streamcream.streaming.media.Ffmpeg;

/**
 * The sessions of one server: limits, the ticker (status every interval, idle and liveness checks,
 * close deadlines) and the link to the stream records.
 */
final class StreamingService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StreamingService.class.getName());
    private static final long TICK_MILLIS = 200;

    private final StreamingSettings settings;
    private final java.util.function.Supplier<Authenticator> authenticator;
    private final Optional<StreamRecords> records;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final Set<StreamEndpoint> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    StreamingService(StreamingSettings settings, java.util.function.Supplier<Authenticator> authenticator,
                     Optional<StreamRecords> records) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.records = records;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("streaming-ticker").daemon(true).factory());
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        // Loading FFmpeg extracts about 90 MB on the first run: do it now rather than on the first stream.
        Thread.ofVirtual().name("ffmpeg-load").start(() -> {
            try {
                LOG.log(Level.DEBUG, "FFmpeg " + Ffmpeg.load());
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.ERROR, "FFmpeg could not be loaded: streaming will fail", e);
            }
        });
    }

    StreamingSettings settings() {
        return settings;
    }

    AuthenticatedUser authenticate(String token) {
        return authenticator.get().authenticate(token);
    }

    Authenticator authenticator() {
        return authenticator.get();
    }

    void waiting(StreamEndpoint endpoint) {
        pending.add(endpoint);
    }

    void notWaiting(StreamEndpoint endpoint) {
        pending.remove(endpoint);
    }

    /**
     * Creates and starts a session within the limits.
     *
     * @return the started session
     */
    StreamSession open(Optional<AuthenticatedUser> user, String ownerKey, StreamConfig config, WsSession socket,
                       Thread connectionThread) {
        StreamSession session;
        synchronized (sessions) {
            if (sessions.size() >= settings.maxSessions()) {
                throw new StreamException(WsCloseCodes.TRY_AGAIN_LATER, "too_many_sessions",
                        "推流会话已达上限 (" + settings.maxSessions() + ")，请稍后再试");
            }
            long mine = sessions.values().stream().filter(s -> s.ownerKey().equals(ownerKey)).count();
            if (mine >= settings.maxSessionsPerUser()) {
                throw new StreamException(WsCloseCodes.TRY_AGAIN_LATER, "too_many_user_sessions",
                        "每个用户最多同时推流 " + settings.maxSessionsPerUser() + " 路");
            }
            session = new StreamSession(UUID.randomUUID().toString(), user, ownerKey, config, settings, this,
                    socket, connectionThread);
            sessions.put(session.id(), session);
        }
        try {
            session.start();
        } catch (RuntimeException | LinkageError e) {
            sessions.remove(session.id());
            LOG.log(Level.ERROR, "Could not start a stream", e);
            throw new StreamException(WsCloseCodes.UNEXPECTED_CONDITION, "internal_error", "推流服务内部错误，无法开始推流");
        }
        return session;
    }

    Optional<StreamSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    List<StreamSession> sessionsOf(long userId) {
        return sessions.values().stream()
                .filter(s -> s.user().map(u -> u.id() == userId).orElse(false))
                .toList();
    }

    Collection<StreamSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Called by a session once its pipeline is connected: marks the user's stream record live. */
    void markLive(StreamSession session) {
        if (records.isEmpty() || session.user().isEmpty()) {
            return;
        }
        long userId = session.user().get().id();
        Thread.ofVirtual().name("stream-record").start(() -> {
            try {
                records.get().findByKey(session.streamKey())
                        .filter(record -> record.userId() == userId)
                        .ifPresent(record -> {
                            session.recordId(record.id());
                            records.get().markLive(record.id(), Instant.now());
                            if (session.ended()) {
                                records.get().markEnded(record.id(), Instant.now());
                            }
                        });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not mark the stream record live", e);
            }
        });
    }

    /** Called by a session after its pipeline freed everything. */
    void sessionEnded(StreamSession session) {
        sessions.remove(session.id());
        if (records.isPresent() && session.recordId().isPresent()) {
            long recordId = session.recordId().getAsLong();
            Thread.ofVirtual().name("stream-record").start(() -> {
                try {
                    records.get().markEnded(recordId, Instant.now());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not mark the stream record ended", e);
                }
            });
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (StreamSession session : sessions.values()) {
            try {
                session.tick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stream session tick failed", e);
            }
        }
        for (StreamEndpoint endpoint : pending) {
            try {
                endpoint.tick(now, settings.idleTimeout());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "WebSocket tick failed", e);
            }
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(s -> s.abort(StreamSession.EndReason.SHUTDOWN));
        for (StreamSession session : sessions.values()) {
            try {
                session.pipeline().awaitTermination(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ticker.shutdownNow();
    }
}
