package io.streamcream.sovits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The api_v2 contract without a voice installed: parameter validation in upstream's order with its
 * exact bodies, 422s, safe paths, the fork's model and reference routes, admin protection.
 */
@ServerTest
class ApiV2ContractIT {

    static final String ADMIN = "test-admin-token-123";
    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of("sovits.admin-token", ADMIN));
    static final AtomicInteger SHUTDOWNS = new AtomicInteger();

    private final TestClient client;

    ApiV2ContractIT(URI uri) {
        this.client = new TestClient(uri);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Path models = ENV.dataDir().resolve("userdatas/tts");
        try {
            Files.createDirectories(models.resolve("GPT_weights_v2"));
            Files.createDirectories(models.resolve("SoVITS_weights_v2"));
            Files.createDirectories(models.resolve("ref_audio"));
            Files.write(models.resolve("GPT_weights_v2/tomori1-e20.ckpt"), new byte[0]);
            Files.write(models.resolve("SoVITS_weights_v2/tomori1_e12_s2664.pth"), new byte[0]);
            Files.write(models.resolve("ref_audio/参考音频.wav"), TestWavs.tone(4, 32000));
            Files.write(models.resolve("ref_audio/tomori1.wav"), TestWavs.tone(5, 32000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestEnvironment.localhost(server);
        Main.setup(server, ENV.platform(), SHUTDOWNS::incrementAndGet);
    }

    @AfterAll
    static void close() {
        ENV.close();
    }

    private HttpReply get(String pathAndQuery) {
        return client.get(pathAndQuery, null);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertMessage(HttpReply reply, int status, String message) {
        assertThat(reply.toString(), reply.status(), is(status));
        assertThat(reply.json().get("message").asText(), is(message));
    }

    @Test
    void validationFollowsUpstreamOrderAndWording() {
        assertMessage(get("/tts?text=" + q("你好") + "&ref_audio_path=missing.wav"), 400,
                "Reference audio file not found: missing.wav");
        assertMessage(get("/tts?ref_audio_path=missing.wav"), 400, "Reference audio file not found: missing.wav");
        assertMessage(get("/tts?text_lang=zh"), 400, "text is required");
        // Upstream answers 500 here (None.lower()); we answer what is missing.
        assertMessage(get("/tts?text=" + q("你好")), 400, "text_lang is required");
        assertMessage(get("/tts?text=x&text_lang=ja"), 400, "text_lang: ja is not supported in version v2");
        assertMessage(get("/tts?text=x&text_lang=zh"), 400, "prompt_lang is required");
        assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=xx"), 400, "prompt_lang: xx is not supported in version v2");
        assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=zh&media_type=mp3"), 400, "media_type: mp3 is not supported");
        assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=zh&media_type=ogg"), 400,
                "ogg format is not supported in non-streaming mode");
        assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=zh&text_split_method=cut9"), 400,
                "text_split_method:cut9 is not supported");
        assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=zh&streaming_mode=7"), 400,
                "the value of streaming_mode must be 0, 1, 2, 3(int) or true/false(bool)");
        HttpReply posted = client.post("/tts", Map.of("text", "x", "text_lang", "zh"));
        assertMessage(posted, 400, "prompt_lang is required");
        assertThat(posted.json().size(), is(1));
    }

    @Test
    void typeErrorsAre422LikeFastApi() {
        HttpReply query = get("/tts?text=x&top_k=abc&temperature=hot");
        assertThat(query.status(), is(422));
        JsonNode detail = query.json().get("detail");
        assertThat(detail.size(), is(2));
        assertThat(detail.get(0).get("loc").get(0).asText(), is("query"));
        assertThat(detail.get(0).get("loc").get(1).asText(), is("top_k"));
        HttpReply body = client.post("/tts", Map.of("text", "x", "seed", "lucky"));
        assertThat(body.status(), is(422));
        assertThat(body.json().at("/detail/0/loc/0").asText(), is("body"));
        assertThat(client.post("/tts", "not json").status(), is(422));
        assertThat(client.post("/tts", "[1]").status(), is(422));
    }

    @Test
    void aValidRequestWithoutAnyVoiceSaysWhereToPutOne() {
        HttpReply reply = get("/tts?text=" + q("你好") + "&text_lang=zh&prompt_lang=zh&ref_audio_path=" + q("参考音频/tomori1.wav"));
        assertThat(reply.status(), is(503));
        assertThat(reply.text(), containsString("bundle.json"));
        HttpReply documented = client.post("/gpt-sovits/tts", Map.of("text", "你好"));
        assertThat(documented.status(), is(503));
        assertThat(documented.json().get("success").asBoolean(), is(false));
    }

    @Test
    void referencePathsCannotLeaveTheModelsFolder() {
        for (String path : new String[] {"../../keys/jwt-hs256.key", "/etc/passwd", "..\\..\\keys\\jwt-hs256.key",
                "参考音频/../../../keys/jwt-hs256.key", "C:/Windows/win.ini", "%2e%2e/x.wav"}) {
            assertMessage(get("/tts?text=x&text_lang=zh&prompt_lang=zh&ref_audio_path=" + q(path)), 400,
                    "Reference audio file not found: " + path);
            HttpReply set = get("/set_refer_audio?refer_audio_path=" + q(path));
            assertThat(path, set.status(), is(400));
            assertThat(set.json().get("message").asText(), is("set refer audio failed"));
        }
    }

    @Test
    void modelGroupsAndSwitching() {
        HttpReply groups = get("/list_model_groups");
        assertThat(groups.status(), is(200));
        assertThat(groups.json().get(0).get("name").asText(), is("v2模型"));
        assertThat(groups.json().at("/0/pairs/tomori1/gpt_path").asText(), is("GPT_weights_v2/tomori1-e20.ckpt"));
        assertThat(groups.json().at("/0/pairs/tomori1/sovits_path").asText(), is("SoVITS_weights_v2/tomori1_e12_s2664.pth"));
        assertMessage(get("/set_gpt_weights"), 400, "gpt weight path is required");
        assertMessage(get("/set_sovits_weights?weights_path="), 400, "sovits weight path is required");
        HttpReply notExported = get("/set_gpt_weights?weights_path=" + q("GPT_weights_v2/tomori1-e20.ckpt"));
        assertMessage(notExported, 400, "change gpt weight failed");
        assertThat(notExported.json().get("Exception").asText(), containsString("bundle.json"));
        assertMessage(get("/set_model_pair"), 400, "pair_name is required");
        assertMessage(get("/set_model_pair?pair_name=nobody"), 400, "set model pair failed");
        HttpReply status = get("/get_current_status");
        assertThat(status.json().get("current_model_pair").isNull(), is(true));
        assertThat(status.json().get("current_ref_audio").asText(), startsWith("参考音频"));
        assertThat(status.json().get("model_groups").size(), is(1));
        HttpReply current = get("/get_current_ref_audio");
        assertThat(current.json().get("ref_audio").asText(), is("参考音频.wav"));
        assertThat(current.json().get("model_pair").isNull(), is(true));
    }

    @Test
    void referenceAudiosCanBeChosenAndUploaded() {
        assertMessage(get("/set_refer_audio?refer_audio_path=" + q("参考音频/tomori1.wav")), 200, "success");
        assertThat(get("/current_ref_audio").json().get("current_ref_audio").asText(), is("参考音频/tomori1.wav"));
        HttpReply list = get("/list_available_ref_audios");
        assertThat(list.json().get("current_ref_audio").asText(), is("参考音频/tomori1.wav"));
        boolean marked = false;
        for (JsonNode audio : list.json().get("available_audios")) {
            if (audio.get("file_name").asText().equals("tomori1.wav")) {
                marked = audio.get("is_current").asBoolean();
                assertThat(audio.get("path").asText(), is("参考音频/tomori1.wav"));
                assertThat(audio.get("pair_name").asText(), is("tomori1"));
            }
        }
        assertThat(marked, is(true));

        HttpReply uploaded = upload("/upload_ref_audio", "../../evil name<script>.wav", TestWavs.tone(4, 16000), null);
        assertThat(uploaded.toString(), uploaded.status(), is(200));
        assertThat(uploaded.json().get("success").asBoolean(), is(true));
        String stored = uploaded.json().get("filename").asText();
        assertThat(stored, is("evil name_script_.wav"));
        assertThat(Files.exists(ENV.dataDir().resolve("userdatas/tts/ref_audio").resolve(stored)), is(true));
        HttpReply tooShort = upload("/upload_ref_audio", "short.wav", TestWavs.tone(2, 16000), null);
        assertMessage(tooShort, 400, "参考音频在3~10秒范围外，请更换！");
        assertMessage(upload("/upload_ref_audio", "long.wav", TestWavs.tone(11, 16000), null), 400, "参考音频在3~10秒范围外，请更换！");
        assertMessage(upload("/upload_ref_audio", "fake.wav", "<html>not audio</html>".getBytes(StandardCharsets.UTF_8), null),
                400, "参考音频必须是 WAV 文件");
    }

    @Test
    void managementNeedsTheAdminToken() {
        assertThat(get("/control?command=restart").status(), is(401));
        assertThat(client.get("/control?command=restart", "wrong-token").status(), is(403));
        assertMessage(client.get("/control", ADMIN), 400, "command is required");
        HttpReply other = client.get("/control?command=nothing", ADMIN);
        assertThat(other.status(), is(200));
        assertThat(other.text(), is("null"));
        int before = SHUTDOWNS.get();
        HttpReply exit = client.get("/control?command=exit", ADMIN);
        assertThat(exit.toString(), exit.status(), is(200));
        awaitShutdowns(before + 1);
        assertThat(client.post("/control/shutdown", "", ADMIN).status(), is(200));
        awaitShutdowns(before + 2);
        assertThat(client.post("/control/reload", "", null).status(), is(401));
        assertThat(client.post("/control/reload", "", ADMIN).status(), is(200));

        assertThat(client.post("/gpt-sovits/models/switch", Map.of("model", "tomori1"), null).status(), is(401));
        assertThat(client.post("/gpt-sovits/models/switch", Map.of("model", "tomori1"), ADMIN).status(), is(409));
        assertThat(client.post("/gpt-sovits/models/switch", Map.of("model", "nobody"), ADMIN).status(), is(404));
        assertThat(upload("/gpt-sovits/ref-audios", "x.wav", TestWavs.tone(4, 16000), null).status(), is(401));
        HttpReply created = upload("/gpt-sovits/ref-audios", "doc.wav", TestWavs.tone(4, 16000), ADMIN);
        assertThat(created.status(), is(201));
        assertThat(client.json("PUT", "/gpt-sovits/ref-audio", Map.of("path", "参考音频/doc.wav"), ADMIN).status(), is(200));
        assertThat(client.json("PUT", "/gpt-sovits/ref-audio", Map.of("path", "../x.wav"), ADMIN).status(), is(404));
    }

    @Test
    void documentedReads() {
        HttpReply models = get("/gpt-sovits/models");
        assertThat(models.status(), is(200));
        assertThat(models.json().at("/data/models/0/name").asText(), is("tomori1"));
        assertThat(models.json().at("/data/models/0/gpt_weights").asText(), is("GPT_weights_v2/tomori1-e20.ckpt"));
        assertThat(models.json().at("/data/models/0/installed").asBoolean(), is(false));
        HttpReply status = get("/gpt-sovits/status");
        assertThat(status.json().at("/data/ref_audio").asText(), startsWith("参考音频"));
        assertThat(get("/gpt-sovits/ref-audios").json().at("/data/available_audios").size() >= 2, is(true));
        assertThat(get("/gpt-sovits/audio/speech_00000000000000000000000000000000.wav").status(), is(404));
        assertThat(get("/gpt-sovits/audio/..%2f..%2fkeys%2fjwt-hs256.key").status(), is(404));
        HttpReply health = get("/health");
        assertThat(health.status(), is(200));
        assertThat(health.text(), containsString("\"voices\""));
        assertThat(health.text(), containsString("\"unexported\":1"));
    }

    /** The shutdown runs right after the answer is sent, so wait briefly for it. */
    private static void awaitShutdowns(int expected) {
        long deadline = System.currentTimeMillis() + 2000;
        while (SHUTDOWNS.get() < expected && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(SHUTDOWNS.get(), is(expected));
    }

    private HttpReply upload(String path, String filename, byte[] content, String token) {
        String boundary = "----streamcream-test";
        HttpRequest.Builder request = client.request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestWavs.multipart(boundary, filename, content)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build());
    }
}
