package io.streamcream.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.sovits.testing.TestBundles;

/**
 * The real login, TTS and GPT-SoVITS services in this JVM on free ports of 127.0.0.1, sharing one
 * throw-away {@link TestEnvironment} (H2) with a tiny voice installed, so synthesis runs for real.
 */
final class RealServices implements AutoCloseable {

    private final TestEnvironment env;
    private final Map<String, WebServer> servers = new LinkedHashMap<>();

    private RealServices(TestEnvironment env) {
        this.env = env;
    }

    static RealServices start() {
        TestEnvironment env = TestEnvironment.create(TestDatabase.H2, Map.of("sovits.admin-token", "comparison-admin-token"));
        RealServices real = new RealServices(env);
        try {
            installTinyVoice(env.dataDir().resolve("userdatas/tts"));
            real.start("login", server -> io.streamcream.login.Main.setup(server, env.platform()));
            real.start("tts", server -> io.streamcream.tts.Main.setup(server, env.platform()));
            real.start("sovits", server -> io.streamcream.sovits.Main.setup(server, env.platform(), () -> { }));
            return real;
        } catch (RuntimeException e) {
            real.close();
            throw e;
        }
    }

    private void start(String name, java.util.function.Consumer<WebServerConfig.Builder> setup) {
        WebServerConfig.Builder builder = WebServer.builder().port(0);
        TestEnvironment.localhost(builder);
        setup.accept(builder);
        servers.put(name, builder.build().start());
    }

    /** One voice ("tiny") and the default reference audio (a 4 s tone at 32 kHz). */
    private static void installTinyVoice(Path models) {
        TestBundles.writeVoice(models, "tiny", TestBundles.manifest("tiny"), 16);
        int rate = 32000;
        short[] pcm = new short[rate * 4];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 180 * i / (double) rate));
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + pcm.length * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm.length * 2);
        for (short sample : pcm) {
            wav.putShort(sample);
        }
        try {
            Files.createDirectories(models.resolve("ref_audio"));
            Files.write(models.resolve("ref_audio/参考音频.wav"), wav.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl(String service) {
        WebServer server = servers.get(service);
        if (server == null) {
            throw new IllegalArgumentException("no real service " + service);
        }
        return "http://127.0.0.1:" + server.port();
    }

    /** Marks an account's email as verified (the real service would need the code from the mail). */
    void verifyEmail(String email) {
        env.db().update("UPDATE users SET email_verified = TRUE WHERE email_key = ?", email.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() {
        servers.values().forEach(WebServer::stop);
        env.close();
    }
}
