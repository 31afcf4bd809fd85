package io.streamcream.tts.synthesis;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.config.Config;
import io.helidon.http.Status;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.json.Json;
import io.streamcream.tts.audio.PcmAudio;
import io.streamcream.tts.audio.Wav;

/**
 * Synthesis on a pool of GPT-SoVITS api_v2 endpoints ({@code tts.synthesis.endpoints}, comma
 * separated): round robin over the healthy ones, a timeout per call, failover to the next endpoint
 * when one is down or fails, and a background health probe that brings endpoints back.
 */
public final class RemoteSovitsPool implements SynthesisBackend, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RemoteSovitsPool.class.getName());

    private final List<Endpoint> endpoints;
    private final Map<String, VoiceReference> voices;
    private final Duration timeout;
    private final Duration retryDownAfter;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();
    private final Thread prober;

    private RemoteSovitsPool(List<URI> uris, Map<String, VoiceReference> voices, Duration timeout,
                             Duration probeEvery, Duration retryDownAfter, Clock clock) {
        this.endpoints = uris.stream().map(Endpoint::new).toList();
        this.voices = voices;
        this.timeout = timeout;
        this.retryDownAfter = retryDownAfter;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                // HTTP/1.1 only: no h2c upgrade attempt (which can stall past the request timeout) on plain http.
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.prober = Thread.ofVirtual().name("sovits-endpoint-probe").start(() -> probeLoop(probeEvery));
    }

    /**
     * Reads {@code tts.synthesis} ({@code endpoints}, {@code timeout} PT60S, {@code probe-interval}
     * PT10S, {@code retry-down-after} PT30S) and {@code tts.voices.<name>.{ref-audio, prompt-text,
     * prompt-lang}}.
     *
     * @param tts   the {@code tts} node
     * @param clock time source
     * @return the pool, or empty when no endpoint is configured
     */
    public static java.util.Optional<RemoteSovitsPool> create(Config tts, Clock clock) {
        Config synthesis = tts.get("synthesis");
        List<URI> uris = Arrays.stream(synthesis.get("endpoints").asString().orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(RemoteSovitsPool::endpoint).toList();
        if (uris.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, VoiceReference> voices = new LinkedHashMap<>();
        tts.get("voices").asNodeList().orElse(List.of()).forEach(voice -> voices.put(voice.name(), new VoiceReference(
                voice.get("ref-audio").asString().orElse(""),
                voice.get("prompt-text").asString().orElse(""),
                voice.get("prompt-lang").asString().orElse("zh"))));
        return java.util.Optional.of(new RemoteSovitsPool(uris, voices,
                synthesis.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(60)),
                synthesis.get("probe-interval").as(Duration.class).orElse(Duration.ofSeconds(10)),
                synthesis.get("retry-down-after").as(Duration.class).orElse(Duration.ofSeconds(30)),
                clock));
    }

    private static URI endpoint(String text) {
        URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException("tts.synthesis.endpoints must be http(s) URLs: " + text);
        }
        return uri;
    }

    @Override
    public String name() {
        return "remote-sovits";
    }

    @Override
    public PcmAudio synthesize(SynthesisRequest request) {
        List<Endpoint> order = candidates();
        if (order.isEmpty()) {
            throw ApiException.unavailable("所有 GPT-SoVITS 服务都不可用，请稍后重试");
        }
        ApiException last = null;
        for (Endpoint endpoint : order) {
            try {
                PcmAudio audio = call(endpoint, request);
                endpoint.up();
                return audio;
            } catch (EndpointDown down) {
                endpoint.down(clock.millis());
                LOG.log(Level.WARNING, "GPT-SoVITS endpoint " + endpoint.uri + " failed: " + down.getMessage()
                        + "; trying the next one");
                last = down.error;
            }
        }
        throw last;
    }

    /** Healthy endpoints in round-robin order, then those marked down long enough ago to retry. */
    private List<Endpoint> candidates() {
        int start = Math.floorMod(next.getAndIncrement(), endpoints.size());
        List<Endpoint> healthy = new ArrayList<>();
        List<Endpoint> retry = new ArrayList<>();
        long now = clock.millis();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get((start + i) % endpoints.size());
            if (endpoint.healthy()) {
                healthy.add(endpoint);
            } else if (now - endpoint.downSince() >= retryDownAfter.toMillis()) {
                retry.add(endpoint);
            }
        }
        healthy.addAll(retry);
        return healthy;
    }

    private PcmAudio call(Endpoint endpoint, SynthesisRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("text", request.text());
        query.put("text_lang", request.language());
        VoiceReference reference = voices.get(request.voice());
        if (reference != null && !reference.audioPath().isEmpty()) {
            query.put("ref_audio_path", reference.audioPath());
            query.put("prompt_text", reference.promptText());
            query.put("prompt_lang", reference.promptLang());
        } else {
            query.put("prompt_lang", request.language());
        }
        if (!request.voice().isEmpty()) {
            query.put("model", request.voice());
        }
        query.put("text_split_method", "cut5");
        query.put("batch_size", "1");
        query.put("media_type", "wav");
        query.put("streaming_mode", "false");
        query.put("speed_factor", Double.toString(request.speed()));
        StringBuilder uri = new StringBuilder(endpoint.uri.toString()).append("/tts?");
        query.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(uri.substring(0, uri.length() - 1)))
                .timeout(timeout).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new EndpointDown("timeout", new ApiException(Status.GATEWAY_TIMEOUT_504, "语音合成超时"));
        } catch (IOException e) {
            throw new EndpointDown(e.getClass().getSimpleName(), ApiException.unavailable("语音合成服务不可用"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("请求已取消");
        }
        if (response.statusCode() >= 500) {
            throw new EndpointDown("HTTP " + response.statusCode(), ApiException.unavailable("语音合成服务出错"));
        }
        if (response.statusCode() != 200) {
            throw ApiException.badRequest("语音合成失败: " + message(response.body()));
        }
        try {
            PcmAudio audio = Wav.decode(response.body());
            if (audio.samples().length == 0) {
                throw new EndpointDown("empty audio", ApiException.unavailable("语音合成服务返回了空音频"));
            }
            return audio;
        } catch (IllegalArgumentException e) {
            throw new EndpointDown("bad WAV: " + e.getMessage(), ApiException.unavailable("语音合成服务返回了无效音频"));
        }
    }

    private static String message(byte[] body) {
        try {
            String message = Json.parse(body).path("message").asText("");
            return message.isEmpty() ? "参数错误" : message;
        } catch (RuntimeException e) {
            return "参数错误";
        }
    }

    private void probeLoop(Duration every) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            for (Endpoint endpoint : endpoints) {
                if (!endpoint.healthy() && reachable(endpoint)) {
                    LOG.log(Level.INFO, "GPT-SoVITS endpoint " + endpoint.uri + " answers again");
                    endpoint.up();
                }
            }
        }
    }

    /** Any HTTP answer counts: upstream api_v2 has no health route, ours answers /health. */
    private boolean reachable(Endpoint endpoint) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(endpoint.uri + "/health")).timeout(Duration.ofSeconds(3)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return each endpoint with whether it is currently considered healthy */
    public Map<String, Boolean> status() {
        Map<String, Boolean> status = new LinkedHashMap<>();
        endpoints.forEach(e -> status.put(e.uri.toString(), e.healthy()));
        return status;
    }

    @Override
    public void close() {
        prober.interrupt();
        http.close();
    }

    private static final class Endpoint {
        private final URI uri;
        private volatile boolean healthy = true;
        private volatile long downSince;

        Endpoint(URI uri) {
            this.uri = uri;
        }

        boolean healthy() {
            return healthy;
        }

        long downSince() {
            return downSince;
        }

        void down(long now) {
            if (healthy) {
                downSince = now;
            }
            healthy = false;
        }

        void up() {
            healthy = true;
        }
    }

    private static final class EndpointDown extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiException error;

        EndpointDown(String reason, ApiException error) {
            super(reason, null, false, false);
            this.error = error;
        }
    }
}
