package io.streamcream.tts.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.http.Status;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.json.Json;

/**
 * Calls a user's OpenAI-compatible chat-completions endpoint: a timeout per call, one retry on 5xx
 * and timeouts, a circuit breaker per provider host, plain and streamed ({@code text/event-stream})
 * answers, and clear errors (the key never appears in one).
 */
public final class ChatClient {

    private static final System.Logger LOG = System.getLogger(ChatClient.class.getName());
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final int retries;
    private final boolean allowPrivateNetworks;
    private final Config breakerConfig;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    /**
     * Reads {@code tts.llm.*}: {@code timeout} (PT60S), {@code retries} (1), {@code allow-private-networks}
     * (true: a user's LLM on localhost or the LAN is a normal set-up), and {@code circuit-breaker.*}
     * ({@code volume} 10, {@code error-ratio} 60, {@code delay} PT30S).
     *
     * @param llm the {@code tts.llm} node
     */
    public ChatClient(Config llm) {
        this.timeout = llm.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(60));
        this.retries = llm.get("retries").asInt().orElse(1);
        this.allowPrivateNetworks = llm.get("allow-private-networks").asBoolean().orElse(true);
        this.breakerConfig = llm.get("circuit-breaker");
        this.http = HttpClient.newBuilder()
                // HTTP/1.1: a local LLM on plain http must not see an h2c upgrade attempt, which can stall.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends one chat request and returns the assistant's text.
     *
     * @param ai       the user's endpoint
     * @param messages the conversation
     * @param stream   whether to ask for a streamed answer
     * @return the answer text, stripped
     */
    public String complete(AiSettings ai, List<ChatMessage> messages, boolean stream) {
        checkDestination(ai);
        byte[] body = Json.bytes(requestBody(ai, messages, stream));
        CircuitBreaker breaker = breakers.computeIfAbsent(ai.provider().getScheme() + "://" + ai.provider().getAuthority(),
                this::breaker);
        try {
            return breaker.invoke(() -> withRetry(ai, body));
        } catch (CircuitBreakerOpenException open) {
            Duration delay = breakerConfig.get("delay").as(Duration.class).orElse(Duration.ofSeconds(30));
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "LLM 服务连续失败，已暂停调用，请稍后重试",
                    List.of(), delay);
        } catch (UpstreamFailure failure) {
            throw failure.error();
        }
    }

    private CircuitBreaker breaker(String host) {
        return CircuitBreaker.builder()
                .name("llm " + host)
                .volume(breakerConfig.get("volume").asInt().orElse(10))
                .errorRatio(breakerConfig.get("error-ratio").asInt().orElse(60))
                .delay(breakerConfig.get("delay").as(Duration.class).orElse(Duration.ofSeconds(30)))
                .successThreshold(1)
                .addApplyOn(Unavailable.class)
                .build();
    }

    private ObjectNode requestBody(AiSettings ai, List<ChatMessage> messages, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", ai.model());
        ArrayNode list = body.putArray("messages");
        for (ChatMessage message : messages) {
            list.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("temperature", ai.temperature());
        if (ai.maxTokens() > 0) {
            body.put("max_tokens", ai.maxTokens());
        }
        body.put("stream", stream);
        return body;
    }

    private String withRetry(AiSettings ai, byte[] body) {
        UpstreamFailure last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                return once(ai, body);
            } catch (UpstreamFailure failure) {
                last = failure;
                if (!failure.retryable()) {
                    break;
                }
                LOG.log(Level.DEBUG, "LLM call to " + ai.provider().getHost() + " failed (" + failure.getMessage()
                        + "), attempt " + (attempt + 1));
            }
        }
        throw last;
    }

    private String once(AiSettings ai, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(ai.provider())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + ai.apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new Unavailable(new ApiException(Status.GATEWAY_TIMEOUT_504,
                    "LLM 服务响应超时（" + timeout.toSeconds() + " 秒）"));
        } catch (IOException e) {
            throw new Unavailable(new ApiException(Status.BAD_GATEWAY_502,
                    "无法连接 LLM 服务 " + ai.provider().getHost() + "：" + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "请求已取消");
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                drain(in);
                throw new UpstreamFailure(new ApiException(Status.BAD_GATEWAY_502,
                        "LLM 服务拒绝了 API Key（HTTP " + status + "），请检查 AI 设置中的 apiKey"));
            }
            if (status == 429) {
                drain(in);
                Duration retryAfter = response.headers().firstValue("Retry-After")
                        .flatMap(ChatClient::seconds).orElse(Duration.ofSeconds(30));
                throw new UpstreamFailure(ApiException.tooManyRequests("LLM 服务限流（HTTP 429），请稍后重试",
                        retryAfter));
            }
            if (status >= 500) {
                drain(in);
                throw new Unavailable(new ApiException(Status.BAD_GATEWAY_502,
                        "LLM 服务出错（HTTP " + status + "）"));
            }
            if (status != 200) {
                drain(in);
                throw new UpstreamFailure(new ApiException(Status.BAD_GATEWAY_502,
                        "LLM 服务拒绝了请求（HTTP " + status + "），请检查 AI 设置中的地址和模型名"));
            }
            boolean streamed = response.headers().firstValue("Content-Type").orElse("")
                    .toLowerCase(Locale.ROOT).startsWith("text/event-stream");
            String text = streamed ? readStream(in) : readPlain(in);
            if (text.isBlank()) {
                throw new UpstreamFailure(malformed());
            }
            return text.strip();
        } catch (IOException e) {
            throw new Unavailable(new ApiException(Status.BAD_GATEWAY_502, "LLM 服务的回答中断了"));
        }
    }

    private static String readPlain(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new UpstreamFailure(malformed());
        }
        try {
            JsonNode content = Json.parse(bytes).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new UpstreamFailure(malformed());
            }
            return content.textValue();
        } catch (Json.MalformedJsonException e) {
            throw new UpstreamFailure(malformed());
        }
    }

    /** Server-sent events of {@code chat.completion.chunk} objects until {@code [DONE]}. */
    private static String readStream(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                break;
            }
            try {
                JsonNode delta = Json.parse(data).path("choices").path(0).path("delta").path("content");
                if (delta.isTextual()) {
                    text.append(delta.textValue());
                }
            } catch (Json.MalformedJsonException e) {
                throw new UpstreamFailure(malformed());
            }
            if (text.length() > MAX_ANSWER_BYTES) {
                throw new UpstreamFailure(malformed());
            }
        }
        return text.toString();
    }

    private void checkDestination(AiSettings ai) {
        if (allowPrivateNetworks) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(ai.provider().getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()) {
                    throw ApiException.badRequest("AI 设置中的 provider 指向内网地址，本服务不允许");
                }
            }
        } catch (UnknownHostException e) {
            throw new ApiException(Status.BAD_GATEWAY_502, "无法解析 LLM 服务地址 " + ai.provider().getHost());
        }
    }

    private static ApiException malformed() {
        return new ApiException(Status.BAD_GATEWAY_502, "LLM 服务返回了无法识别的内容");
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(value.strip()))));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void drain(InputStream in) throws IOException {
        in.readNBytes(64 * 1024);
    }

    /**
     * A failed call. Only {@link Unavailable} (unreachable, timeout, 5xx) is retried and counts
     * towards the provider's circuit breaker: one user's rejected key or rate limit must not cut off
     * everyone else who uses the same provider.
     */
    private static class UpstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiException error;

        UpstreamFailure(ApiException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        boolean retryable() {
            return false;
        }

        ApiException error() {
            return error;
        }
    }

    /** The provider is down, slow or failing. */
    private static final class Unavailable extends UpstreamFailure {
        private static final long serialVersionUID = 1L;

        Unavailable(ApiException error) {
            super(error);
        }

        @Override
        boolean retryable() {
            return true;
        }
    }
}
