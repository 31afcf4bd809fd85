package io.streamcream.streaming;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamcream.common.json.Json;

/** A WebSocket client like the browser page: JSON text in, media chunks out; records what came back. */
final class StreamClient implements AutoCloseable {

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private final HttpClient http;
    private final WebSocket socket;
    private volatile int closeCode = -1;
    private volatile String closeReason = "";

    private StreamClient(URI uri, String authorization) {
        this.http = HttpClient.newHttpClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(Json.parse(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode = statusCode;
                closeReason = reason;
                closed.countDown();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.countDown();
            }
        }).join();
    }

    /**
     * @param base          server base URI (http://127.0.0.1:port)
     * @param path          path and query, e.g. {@code /?token=…}
     * @param authorization Authorization header value, or null
     * @return a connected client
     */
    static StreamClient connect(URI base, String path, String authorization) {
        return new StreamClient(URI.create(base.toString().replaceFirst("^http", "ws") + path), authorization);
    }

    void text(String message) {
        socket.sendText(message, true).join();
    }

    void config(Object config) {
        text(Json.text(config));
    }

    void binary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /**
     * Sends a clip in chunks, paced at {@code speed} times real time (0: as fast as possible).
     *
     * @param clip    the media
     * @param chunks  how many chunks
     * @param seconds clip duration
     * @param speed   pacing factor
     * @param upTo    fraction of the clip to send (1.0 for all)
     */
    void play(byte[] clip, int chunks, double seconds, double speed, double upTo) throws InterruptedException {
        int size = (clip.length + chunks - 1) / chunks;
        int limit = (int) (clip.length * upTo);
        long start = System.nanoTime();
        for (int offset = 0, i = 0; offset < limit; offset += size, i++) {
            int end = Math.min(limit, offset + size);
            byte[] chunk = new byte[end - offset];
            System.arraycopy(clip, offset, chunk, 0, chunk.length);
            binary(chunk);
            if (speed > 0) {
                long due = start + (long) ((i + 1) * seconds / chunks / speed * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    /**
     * @param condition what to wait for
     * @param timeoutMillis longest wait
     * @return the first matching message, or null
     */
    JsonNode await(Predicate<JsonNode> condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            for (JsonNode message : messages) {
                if (condition.test(message)) {
                    return message;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    JsonNode awaitType(String type, long timeoutMillis) throws InterruptedException {
        return await(m -> type.equals(m.path("type").asText()), timeoutMillis);
    }

    /** @return whether the server closed within the wait */
    boolean awaitClose(long timeoutMillis) throws InterruptedException {
        return closed.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    /** Closes normally (1000), as a browser tab closing the socket. */
    void closeNormally() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /** Drops the TCP connection without a close frame. */
    void drop() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
        // Stops the client's selector thread and executor now rather than whenever it is collected.
        http.shutdownNow();
    }
}
