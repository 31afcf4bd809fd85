package io.streamcream.tts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.tts.audio.PcmAudio;
import io.streamcream.tts.audio.Wav;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** With no endpoints configured, synthesis runs in this JVM on the installed voices (a tiny test voice here). */
abstract class InProcessSynthesisTests {

    final TestClient client;
    final TestEnvironment env;

    InProcessSynthesisTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    /** Installs one tiny voice and its default reference under the environment's models folder. */
    static TestEnvironment withTinyVoice(TestEnvironment env) {
        Path models = env.dataDir().resolve("userdatas/tts");
        TestBundles.writeVoice(models, "tiny", TestBundles.manifest("tiny"), 16);
        short[] tone = new short[32000 * 4];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = Wav.toShort(0.3 * Math.sin(2 * Math.PI * 180 * i / 32000.0));
        }
        try {
            Files.createDirectories(models.resolve("ref_audio"));
            Files.write(models.resolve("ref_audio/参考音频.wav"), Wav.encode(new PcmAudio(32000, tone)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    @Test
    void synthesisRunsInProcess() {
        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES ('inproc', 'inproc', 'i@example.com', 'i@example.com', "
                + "'x', TRUE, 0, ?, ?)", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = 'inproc'").orElseThrow()
                .column("id").get(Number.class).longValue();
        String token = env.platform().tokens().issue(id, 0).token();
        HttpReply reply = client.post("/api/tts/synthesize", Map.of("text", "大家好，欢迎来到直播间。", "with_timeline", true),
                token);
        assertThat(reply.toString(), reply.status(), is(200));
        double duration = reply.json().at("/data/duration").asDouble();
        assertThat(duration, greaterThan(0.0));
        assertThat(reply.json().at("/data/timeline").size(), is(12));
        assertThat(reply.json().at("/data/timeline/11/end").asDouble(), closeTo(duration, 0.002));
        HttpReply file = client.get(reply.json().at("/data/audio_url").asText(), null);
        assertThat(file.status(), is(200));
        assertThat(Wav.decode(file.body()).sampleRate(), is(32000));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "你好", "voice", "nobody"), token).status(), is(404));
    }
}
