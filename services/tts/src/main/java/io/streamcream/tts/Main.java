package io.streamcream.tts;

import java.time.Duration;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.tts.audio.AudioJanitor;
import io.streamcream.tts.audio.AudioStore;
import io.streamcream.tts.http.MouthRoutes;
import io.streamcream.tts.http.SpeechRoutes;
import io.streamcream.tts.http.SynthesisRoutes;
import io.streamcream.tts.synthesis.InProcessSynthesis;
import io.streamcream.tts.synthesis.RemoteSovitsPool;
import io.streamcream.tts.synthesis.SynthesisBackend;
import io.streamcream.tts.synthesis.SynthesisService;
import io.streamcream.tts.synthesis.VoiceReference;
import io.streamcream.tts.speech.ChatClient;
import io.streamcream.tts.speech.Moderation;
import io.streamcream.tts.speech.SentenceSplitter;
import io.streamcream.tts.speech.SpeechWriter;
import io.streamcream.tts.speech.StoredAiSettings;

/**
 * Stream TTS service (port 5001): speech text from a topic through the user's own LLM, synthesis in
 * process (or on GPT-SoVITS endpoints) with per-user audio files, and mouth-shape timelines for the Live2D avatar.
 */
public final class Main {

    private Main() {
    }

    /**
     * Starts the service alone.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        start(Platform.create(StreamCreamConfig.load()));
    }

    /**
     * Starts the service on {@code services.tts.port}.
     *
     * @param platform shared parts
     * @return the running server
     */
    public static WebServer start(Platform platform) {
        return ServiceServer.start(platform, definition(platform),
                platform.config().get("services.tts.port").asInt().orElse(5001));
    }

    /**
     * Configures a server builder (tests use this through {@code @SetUpServer}).
     *
     * @param server   the builder
     * @param platform shared parts
     */
    public static void setup(WebServerConfig.Builder server, Platform platform) {
        ServiceServer.configure(server, platform, definition(platform));
    }

    /**
     * @param platform shared parts
     * @return the service definition
     */
    public static ServiceServer.Definition definition(Platform platform) {
        return new ServiceServer.Definition("tts", true, routing -> routing(routing, platform));
    }

    private static java.util.Map<String, VoiceReference> voiceReferences(Config tts) {
        java.util.Map<String, VoiceReference> references = new java.util.LinkedHashMap<>();
        tts.get("voices").asNodeList().orElse(java.util.List.of()).forEach(voice -> references.put(voice.name(),
                new VoiceReference(voice.get("ref-audio").asString().orElse(""),
                        voice.get("prompt-text").asString().orElse(""),
                        voice.get("prompt-lang").asString().orElse("zh"))));
        return references;
    }

    static void routing(HttpRouting.Builder routing, Platform platform) {
        Config tts = platform.config().get("tts");
        SpeechWriter writer = new SpeechWriter(new ChatClient(tts.get("llm")),
                new SentenceSplitter(tts.get("max-sentence-length").asInt().orElse(40)),
                new Moderation(tts.get("moderation")));
        SpeechRoutes speech = new SpeechRoutes(writer,
                new StoredAiSettings(platform.database().client(), SecretCipher.create(platform.config(), platform.secrets())),
                platform.authenticator());
        SynthesisBackend backend = RemoteSovitsPool.create(tts, platform.clock())
                .<SynthesisBackend>map(pool -> pool)
                .orElseGet(() -> new InProcessSynthesis(io.streamcream.sovits.Main.voices(platform), voiceReferences(tts)));
        AudioStore store = new AudioStore(platform.database(), platform.dataDirectory().folder("audio"), platform.clock());
        AudioJanitor.start(store, tts.get("audio.ttl").as(Duration.class).orElse(Duration.ofHours(2)),
                tts.get("audio.cleanup-interval").as(Duration.class).orElse(Duration.ofMinutes(1)));
        SynthesisRoutes synthesis = new SynthesisRoutes(new SynthesisService(backend, store), platform.authenticator(),
                tts.get("max-text-length").asInt().orElse(2000), tts.get("default-voice").asString().orElse(""),
                tts.get("compat.allow-anonymous").asBoolean().orElse(false));
        MouthRoutes mouth = new MouthRoutes(store, platform.authenticator(),
                tts.get("compat.allow-anonymous").asBoolean().orElse(false));
        routing.register("/api/tts", speech.canonical())
                .register("/api/tts", synthesis.canonical())
                .register("/api/tts", mouth.canonical())
                .register("/", speech.compatible())
                .register("/", synthesis.compatible())
                .register("/", mouth.compatible());
    }
}
