package io.streamcream.sovits;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.sovits.testing.TestBundles;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** An installed voice bundle that does not load answers 503 naming the voice, and the other voices keep working. */
class BrokenBundleIT {

    static TestEnvironment env;
    static WebServer server;
    static TestClient client;

    @BeforeAll
    static void start() throws IOException {
        env = TestEnvironment.create(TestDatabase.H2, Map.of());
        Path models = env.dataDir().resolve("userdatas/tts");
        TestBundles.writeVoice(models, "good", TestBundles.manifest("good"), 12);
        Map<String, Object> manifest = TestBundles.manifest("broken");
        manifest.put("mute_similarity", "mute.f32");
        Path broken = TestBundles.writeVoice(models, "broken", manifest, 12);
        Files.write(broken.resolve("mute.f32"), new byte[12]);
        Files.createDirectories(models.resolve("ref_audio"));
        Files.write(models.resolve("ref_audio/ref.wav"), TestWavs.tone(4, 32000));
        WebServerConfig.Builder builder = WebServer.builder().port(0);
        TestEnvironment.localhost(builder);
        Main.setup(builder, env.platform(), () -> { });
        server = builder.build().start();
        client = new TestClient(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (env != null) {
            env.close();
        }
    }

    private static HttpReply tts(String voice) {
        return client.get("/tts?text=" + URLEncoder.encode("你好。", StandardCharsets.UTF_8)
                + "&text_lang=zh&prompt_lang=zh&media_type=raw&ref_audio_path=ref.wav&voice=" + voice, null);
    }

    @Test
    void aBundleThatDoesNotLoadIs503NamingTheVoiceWithoutServerPaths() {
        HttpReply broken = tts("broken");
        assertThat(broken.toString(), broken.status(), is(503));
        assertThat(broken.text(), containsString("broken"));
        assertThat(broken.text(), not(containsString("mute.f32")));
        assertThat(broken.text(), not(containsString(env.dataDir().toString())));
        HttpReply good = tts("good");
        assertThat(good.toString(), good.status(), is(200));
        assertThat(client.get("/health", null).status(), is(200));
    }
}
