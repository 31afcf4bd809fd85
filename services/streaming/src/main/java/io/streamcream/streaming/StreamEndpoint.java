package io.streamcream.streaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.json.Json;
import io.streamcream.common.security.AuthenticatedUser;

/**
 * One WebSocket connection (a new listener per connection). The first message is the StreamConfig;
 * after it, binary messages are media and text messages are control messages. Fragmented messages
 * are reassembled up to the configured maximum size.
 */
final class StreamEndpoint implements WsListener {

    private final StreamingService service;
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
    private Optional<String> upgradeToken = Optional.empty();
    private volatile WsSession socket;
    private volatile Thread connectionThread;
    private volatile long openedNanos;
    private volatile boolean closed;
    private volatile StreamSession session;
    private String remote = "";

    StreamEndpoint(StreamingService service) {
        this.service = service;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        Optional<String> query = prologue.query().first("token").map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> header = headers.first(HeaderNames.AUTHORIZATION).map(String::strip).map(value -> {
            int space = value.indexOf(' ');
            return space < 0 ? value : value.substring(space + 1).strip();
        }).filter(s -> !s.isEmpty());
        upgradeToken = query.or(() -> header);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        socket = ws;
        connectionThread = Thread.currentThread();
        openedNanos = System.nanoTime();
        try {
            remote = ws.socketContext().remotePeer().host();
        } catch (RuntimeException e) {
            remote = "unknown";
        }
        service.waiting(this);
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!collect(ws, bytes, 0, bytes.length, last)) {
            return;
        }
        byte[] message = fragments.toByteArray();
        fragments.reset();
        StreamSession current = session;
        if (current == null) {
            first(ws, new String(message, StandardCharsets.UTF_8));
        } else {
            current.control(new String(message, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        int length = buffer.available();
        byte[] bytes = new byte[length];
        buffer.read(bytes);
        if (!collect(ws, bytes, 0, length, last)) {
            return;
        }
        byte[] message = fragments.toByteArray();
        fragments.reset();
        StreamSession current = session;
        if (current == null) {
            // The original accepted a binary frame carrying the JSON configuration.
            first(ws, new String(message, StandardCharsets.UTF_8));
        } else if (message.length > 0) {
            current.media(message);
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        gone();
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        gone();
    }

    /** Ticker: closes a connection that never sent its configuration. */
    void tick(long now, Duration idleTimeout) {
        if (closed || session != null) {
            service.notWaiting(this);
            return;
        }
        Thread thread = connectionThread;
        if (thread != null && !thread.isAlive()) {
            gone();
            return;
        }
        if (now - openedNanos > idleTimeout.toNanos()) {
            refuse(socket, StreamException.policy("config_timeout", "等待首条消息超时"));
        }
    }

    private boolean collect(WsSession ws, byte[] bytes, int offset, int length, boolean last) {
        if (closed) {
            return false;
        }
        if (fragments.size() + (long) length > service.settings().maxMessageSize()) {
            fragments.reset();
            StreamException tooBig = new StreamException(WsCloseCodes.TOO_BIG, "message_too_big",
                    "消息过大，单条消息最多 " + service.settings().maxMessageSize() + " 字节");
            StreamSession current = session;
            if (current != null) {
                current.fail(tooBig.getMessage(), WsCloseCodes.TOO_BIG);
                closed = true;
            } else {
                refuse(ws, tooBig);
            }
            return false;
        }
        fragments.write(bytes, offset, length);
        return last;
    }

    private void first(WsSession ws, String message) {
        try {
            StreamConfig config = StreamConfig.parse(message, service.settings());
            Optional<String> token = upgradeToken.or(config::token);
            Optional<AuthenticatedUser> user;
            if (token.isPresent()) {
                try {
                    user = Optional.of(service.authenticate(token.get()));
                } catch (ApiException e) {
                    throw StreamException.policy("unauthorized", e.getMessage());
                }
            } else if (service.settings().allowAnonymous()) {
                user = Optional.empty();
            } else {
                throw StreamException.policy("unauthorized", "未提供令牌: 请在查询参数 token、Authorization 头或首条消息的 token 字段中提供");
            }
            String ownerKey = user.map(u -> "user:" + u.id()).orElse("anonymous:" + remote);
            session = service.open(user, ownerKey, config, ws, connectionThread);
            service.notWaiting(this);
        } catch (StreamException e) {
            refuse(ws, e);
        }
    }

    private void refuse(WsSession ws, StreamException e) {
        if (closed) {
            return;
        }
        closed = true;
        service.notWaiting(this);
        var error = Json.object();
        error.put("type", "error");
        error.put("code", e.code());
        error.put("error", e.getMessage());
        try {
            ws.send(Json.text(error), true);
            ws.close(e.closeCode(), e.code());
        } catch (RuntimeException ignored) {
            // The client is already gone.
        }
    }

    private void gone() {
        closed = true;
        service.notWaiting(this);
        StreamSession current = session;
        if (current != null) {
            current.clientGone();
        }
    }
}
