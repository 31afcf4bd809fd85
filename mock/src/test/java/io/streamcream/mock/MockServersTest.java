package io.streamcream.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The mocks replay every §4.1 payload byte for byte, template ids and timestamps, serve a WAV for
 * audio routes and refuse malformed calls the way the real services do.
 */
class MockServersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static MockServers mocks;

    @BeforeAll
    static void start() {
        mocks = MockServers.startOnFreePorts();
    }

    @AfterAll
    static void stop() {
        mocks.close();
    }

    /** Payload file (test resources, copied from §4.1), service, method, path, body. */
    static Stream<Arguments> apifoxPayloads() {
        String register = "{\"username\":\"testuser\",\"email\":\"test@example.com\",\"password\":\"correct-horse-42\"}";
        return Stream.of(
                Arguments.of("register", "login", "POST", "/api/auth/register", register),
                Arguments.of("login", "login", "POST", "/api/auth/login", "{\"username\":\"testuser\",\"password\":\"x\"}"),
                Arguments.of("preferences", "login", "GET", "/api/preferences", null),
                Arguments.of("tts-synthesis", "tts", "POST", "/synthesize-speech", "{\"text\":\"大家好，欢迎来到我的直播间\"}"),
                Arguments.of("mouth-timeline", "tts", "POST", "/api/tts/mouth-timeline", "{\"text\":\"大家好\"}"),
                Arguments.of("stream-config", "streaming", "GET", "/mock/apifox/stream-config", null),
                Arguments.of("stream-status", "streaming", "GET", "/api/streaming/status", null),
                Arguments.of("gpt-sovits-tts", "sovits", "POST", "/gpt-sovits/tts", "{\"text\":\"大家好，欢迎来到我的直播间\"}"),
                Arguments.of("gpt-sovits-models", "sovits", "GET", "/gpt-sovits/models", null),
                Arguments.of("gpt-sovits-status", "sovits", "GET", "/gpt-sovits/status", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apifoxPayloads")
    void replaysTheApifoxPayloadByteForByte(String payload, String service, String method, String path, String body) {
        HttpRequest.Builder request = request(service, path).header("X-Mock-Payload", "apifox")
                .header("Authorization", "Bearer mock-token");
        HttpResponse<byte[]> response = send(body == null ? request.GET()
                : request.header("Content-Type", "application/json").method(method, bodyOf(body)));
        assertThat(response.statusCode(), is(200));
        assertThat(new String(response.body(), StandardCharsets.UTF_8), is(resource("apifox/" + payload + ".json")));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/json"));
    }

    @Test
    void theExampleRequestsGetTheApifoxPayloadWithoutTheHeader() {
        HttpResponse<byte[]> login = send(json("login", "/api/auth/login", "{\"username\":\"test@example.com\",\"password\":\"pw\"}"));
        assertThat(text(login), is(resource("apifox/login.json")));
        HttpResponse<byte[]> tts = send(json("sovits", "/gpt-sovits/tts", "{\"text\":\"大家好，欢迎来到我的直播间\",\"language\":\"zh\"}"));
        assertThat(text(tts), is(resource("apifox/gpt-sovits-tts.json")));
    }

    @Test
    void idsAndTimestampsAreTemplated() {
        JsonNode first = tree(send(json("login", "/api/auth/register",
                "{\"username\":\"alice_01\",\"email\":\"alice@example.org\",\"password\":\"long-enough-1\"}")));
        JsonNode second = tree(send(json("login", "/api/auth/register",
                "{\"username\":\"bob_02\",\"email\":\"bob@example.org\",\"password\":\"long-enough-2\"}")));
        assertThat(first.at("/data/email").asText(), is("alice@example.org"));
        assertThat(second.at("/data/email").asText(), is("bob@example.org"));
        assertThat(first.at("/data/user_id").isIntegralNumber(), is(true));
        Instant stamp = Instant.parse(first.get("timestamp").asText());
        assertThat((double) Duration.between(stamp, Instant.now()).abs().toSeconds(), closeTo(0, 5));
        Instant expires = Instant.parse(first.at("/data/verification_expires").asText());
        assertThat(Duration.between(stamp, expires).toMinutes(), is(10L));
        JsonNode a = tree(send(json("tts", "/api/tts/synthesize", "{\"text\":\"你好\"}", "Bearer t")));
        JsonNode b = tree(send(json("tts", "/api/tts/synthesize", "{\"text\":\"你好\"}", "Bearer t")));
        assertThat(a.at("/data/audio_url").asText(), matchesPattern("/api/tts/audio/speech_[0-9a-f]{32}\\.wav"));
        assertThat(a.at("/data/audio_url").asText(), not(b.at("/data/audio_url").asText()));
        assertThat(a.at("/data/text").asText(), is("你好"));
    }

    @Test
    void audioRoutesServeAWav() {
        for (String[] route : new String[][] {{"tts", "/api/tts/audio/speech_1704067200.wav"},
                {"tts", "/static/audio/speech_1704067200.wav"}, {"sovits", "/gpt-sovits/audio/speech_1704067200.wav"},
                {"sovits", "/tts?text=%E4%BD%A0%E5%A5%BD&text_lang=zh&prompt_lang=zh"}}) {
            HttpResponse<byte[]> wav = send(request(route[0], route[1]).GET());
            assertThat(route[1], wav.statusCode(), is(200));
            assertThat(wav.headers().firstValue("Content-Type").orElse(""), is("audio/wav"));
            assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII), is("RIFF"));
            ByteBuffer header = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(header.getInt(24), is(32000));
            assertThat(header.getInt(40), is(wav.body().length - 44));
        }
        JsonNode synthesis = tree(send(json("sovits", "/gpt-sovits/tts", "{\"text\":\"别的句子\"}")));
        assertThat(synthesis.at("/data/file_size").asInt(), is(send(request("sovits",
                synthesis.at("/data/audio_url").asText()).GET()).body().length));
    }

    @Test
    void malformedCallsAreRefusedLikeTheRealServices() {
        HttpResponse<byte[]> missing = send(json("login", "/api/auth/register", "{\"username\":\"x\"}"));
        assertThat(missing.statusCode(), is(400));
        assertThat(tree(missing).get("success").asBoolean(), is(false));
        assertThat(tree(missing).get("code").asInt(), is(400));
        assertThat(tree(missing).at("/data/errors").size(), greaterThan(0));
        assertThat(send(json("login", "/api/auth/register", "not json")).statusCode(), is(400));
        assertThat(send(request("login", "/api/preferences").GET()).statusCode(), is(401));
        assertThat(send(json("login", "/api/auth/verify-token", "{}")).statusCode(), is(401));
        assertThat(send(json("tts", "/api/tts/synthesize", "{\"text\":\"hi\"}")).statusCode(), is(401));
        assertThat(send(json("tts", "/api/tts/synthesize", "{\"voice\":\"x\"}", "Bearer t")).statusCode(), is(400));
        assertThat(send(request("streaming", "/api/streaming/status").GET()).statusCode(), is(401));

        HttpResponse<byte[]> noText = send(request("sovits", "/tts?text_lang=zh").GET());
        assertThat(noText.statusCode(), is(400));
        assertThat(text(noText), is("{\"message\":\"text is required\"}"));
        assertThat(tree(send(request("sovits", "/tts?text=x").GET())).get("message").asText(), is("text_lang is required"));
        assertThat(tree(send(request("sovits", "/tts?text=x&text_lang=xx").GET())).get("message").asText(),
                is("text_lang: xx is not supported in version v2"));
        assertThat(tree(send(request("sovits", "/tts?text=x&text_lang=zh").GET())).get("message").asText(),
                is("prompt_lang is required"));
        assertThat(send(json("sovits", "/tts", "[1]")).statusCode(), is(422));
        assertThat(tree(send(json("sovits", "/tts", "{\"text_lang\":\"zh\"}"))).get("message").asText(), is("text is required"));
        assertThat(send(json("sovits", "/gpt-sovits/tts", "{}")).statusCode(), is(400));

        HttpResponse<byte[]> unknown = send(request("streaming", "/no/such/route").GET());
        assertThat(unknown.statusCode(), is(404));
        assertThat(tree(unknown).get("code").asInt(), is(404));
        for (String service : MockServers.SERVICES.keySet()) {
            assertThat(tree(send(request(service, "/health").GET())).get("status").asText(), is("UP"));
            assertThat(mocks.mappings(service), greaterThan(4));
        }
    }

    @Test
    void commandLineOffsetShiftsEveryRealPort() {
        // Only the mapping is checked: tests never bind fixed ports (a shifted real port may be taken).
        Map<String, Integer> shifted = MockServers.portsShiftedBy(1000);
        assertThat(shifted.keySet(), contains("login", "tts", "streaming", "sovits"));
        assertThat(shifted.get("login"), is(10080));
        assertThat(shifted.get("tts"), is(6001));
        assertThat(shifted.get("streaming"), is(9888));
        assertThat(shifted.get("sovits"), is(10880));
        assertThat(MockServers.portsShiftedBy(0), is(MockServers.SERVICES));
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> MockServers.portsShiftedBy(55700));
        assertThat(outOfRange.getMessage(), containsString("sovits on port 65580"));
    }

    private static HttpRequest.Builder request(String service, String path) {
        return HttpRequest.newBuilder(URI.create(mocks.baseUrl(service) + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder json(String service, String path, String body) {
        return json(service, path, body, null);
    }

    private static HttpRequest.Builder json(String service, String path, String body, String authorization) {
        HttpRequest.Builder builder = request(service, path).header("Content-Type", "application/json").POST(bodyOf(body));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private static HttpRequest.BodyPublisher bodyOf(String body) {
        return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = MockServersTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
