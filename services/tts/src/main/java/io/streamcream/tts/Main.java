package io.streamcream.tts;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.tts.http.SpeechRoutes;
import io.streamcream.tts.speech.ChatClient;
import io.streamcream.tts.speech.Moderation;
import io.streamcream.tts.speech.SentenceSplitter;
import io.streamcream.tts.speech.SpeechWriter;
import io.streamcream.tts.speech.StoredAiSettings;

/**
 * Stream TTS service (port 5001): speech text from a topic through the user's own LLM. Synthesis,
 * audio files and the mouth timeline follow (issue #10).
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

    static void routing(HttpRouting.Builder routing, Platform platform) {
        Config tts = platform.config().get("tts");
        SpeechWriter writer = new SpeechWriter(new ChatClient(tts.get("llm")),
                new SentenceSplitter(tts.get("max-sentence-length").asInt().orElse(40)),
                new Moderation(tts.get("moderation")));
        SpeechRoutes speech = new SpeechRoutes(writer,
                new StoredAiSettings(platform.database().client(), SecretCipher.create(platform.config(), platform.secrets())),
                platform.authenticator());
        routing.register("/api/tts", speech.canonical())
                .register("/", speech.compatible());
    }
}
