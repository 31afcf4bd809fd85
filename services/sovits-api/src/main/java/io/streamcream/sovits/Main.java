package io.streamcream.sovits;

import java.lang.System.Logger.Level;
import java.time.Duration;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.sovits.http.SovitsRouting;
import io.streamcream.sovits.voices.SovitsSettings;
import io.streamcream.sovits.voices.VoiceService;

/**
 * The GPT-SoVITS service (port 9880): api_v2-compatible {@code /tts} and management routes, and the
 * documented {@code /gpt-sovits/*} API, on voices run in-process by {@code sovits-runtime}.
 */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

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
     * Starts the service on {@code services.sovits.port}.
     *
     * @param platform shared parts
     * @return the running server
     */
    public static WebServer start(Platform platform) {
        return ServiceServer.start(platform, definition(platform, Main::exitLater),
                platform.config().get("services.sovits.port").asInt().orElse(9880));
    }

    /**
     * Configures a server builder (tests use this through {@code @SetUpServer}).
     *
     * @param server   the builder
     * @param platform shared parts
     * @param shutdown what {@code /control?command=exit} and {@code /control/shutdown} do
     */
    public static void setup(WebServerConfig.Builder server, Platform platform, Runnable shutdown) {
        ServiceServer.configure(server, platform, definition(platform, shutdown));
    }

    /**
     * @param platform shared parts
     * @param shutdown what the shutdown routes do
     * @return the service definition
     */
    public static ServiceServer.Definition definition(Platform platform, Runnable shutdown) {
        VoiceService voices = voices(platform);
        return new ServiceServer.Definition("sovits", false, routing -> routing(routing, platform, shutdown),
                java.util.List.of(new VoicesHealthCheck(voices)));
    }

    static void routing(HttpRouting.Builder routing, Platform platform, Runnable shutdown) {
        VoiceService voices = voices(platform);
        LOG.log(Level.INFO, "GPT-SoVITS management token is in " + platform.dataDirectory().root().resolve("keys")
                + "/sovits-admin.token unless sovits.admin-token is configured");
        SovitsRouting.register(routing, voices, platform.dataDirectory().folder("sovits-audio"),
                platform.config().get("sovits.audio-ttl").as(Duration.class).orElse(Duration.ofHours(1)),
                platform.config().get("sovits.compat-management-open").asBoolean().orElse(true), shutdown);
    }

    /**
     * The voices of this JVM, shared with the TTS service when both run here.
     *
     * @param platform shared parts
     * @return the one voice service
     */
    public static VoiceService voices(Platform platform) {
        return platform.shared(VoiceService.class, () -> VoiceService.open(SovitsSettings.create(platform)));
    }

    private static void exitLater() {
        Thread.ofPlatform().name("sovits-exit").start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.INFO, "Shutting down on request of /control");
            System.exit(0);
        });
    }
}
