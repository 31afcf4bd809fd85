package io.streamcream.tts;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;
import io.streamcream.common.server.ServiceServer;

/**
 * Stream TTS service (port 5001): speech text, synthesis, audio files, mouth timeline. Its API arrives with its own issue; until then it answers {@code /health} and
 * {@code /metrics}, and a JSON 404 elsewhere.
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
        // No routes of its own yet.
    }
}
