package io.streamcream.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamcream.common.json.Json;

/** A small WebSocket client for the streaming service that keeps every JSON message it receives. */
final class Ws implements AutoCloseable {

    private final WebSocket socket;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private volatile int closeCode = -1;
    private final StringBuilder partial = new StringBuilder();

    /** One client for every socket: each JDK HttpClient owns a selector thread until it is collected. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Ws(URI uri, String bearer) throws Exception {
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                synchronized (partial) {
                    partial.append(data);
                    if (last) {
                        messages.add(Json.parse(partial.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        partial.setLength(0);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode = statusCode;
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static Ws connect(URI uri, String bearer) throws Exception {
        return new Ws(uri, bearer);
    }

    void text(String text) {
        socket.sendText(text, true).join();
    }

    void binary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    JsonNode await(Predicate<JsonNode> match, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (JsonNode message : messages) {
                if (match.test(message)) {
                    return message;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    JsonNode awaitType(String type, long millis) throws InterruptedException {
        return await(m -> type.equals(m.path("type").asText()), millis);
    }

    boolean awaitClose(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (closeCode < 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return closeCode >= 0;
    }

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
