package io.streamcream.streaming;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Optional;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.Platform;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.common.streams.JdbcStreamRecords;
import io.streamcream.common.streams.StreamKeys;
import io.streamcream.common.streams.StreamRecords;

/**
 * Streaming service (port 8888): browser MediaRecorder chunks over a WebSocket ({@code /} and
 * {@code /api/streaming/ws}) → in-process FFmpeg → RTMP, with status over HTTP under
 * {@code /api/streaming}.
 */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    /** Room above the largest message for the frame header. */
    private static final int FRAME_HEADROOM = 64;

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
     * Starts the service on {@code services.streaming.port}.
     *
     * @param platform shared parts
     * @return the running server
     */
    public static WebServer start(Platform platform) {
        String host = platform.config().get("server.host").asString().orElse("127.0.0.1");
        WebServerConfig.Builder builder = WebServer.builder()
                .host(host)
                .port(platform.config().get("services.streaming.port").asInt().orElse(8888))
                .shutdownHook(false);
        setup(builder, platform);
        WebServer server = builder.build().start();
        LOG.log(Level.INFO, "StreamCream streaming listening on http://" + host + ":" + server.port()
                + " (WebSocket ws://" + host + ":" + server.port() + "/)");
        return server;
    }

    /**
     * Configures a server builder: the HTTP part through {@link ServiceServer}, then the WebSocket
     * routes and their limits (tests use this through {@code @SetUpServer}).
     *
     * @param server   the builder
     * @param platform shared parts
     */
    public static void setup(WebServerConfig.Builder server, Platform platform) {
        StreamingService service = service(platform);
        ServiceServer.configure(server, platform, definition(platform, service));
        StreamingSettings settings = service.settings();
        server.addProtocol(WsConfig.builder()
                .name("websocket")
                .maxFrameLength(settings.maxMessageSize() + FRAME_HEADROOM)
                .origins(new HashSet<>(settings.allowedOrigins()))
                .build());
        server.addRouting(WsRouting.builder()
                .endpoint("/", () -> new StreamEndpoint(service))
                .endpoint("/api/streaming/ws", () -> new StreamEndpoint(service)));
    }

    /**
     * @param platform shared parts
     * @return the service definition (HTTP part)
     */
    public static ServiceServer.Definition definition(Platform platform) {
        return definition(platform, service(platform));
    }

    private static ServiceServer.Definition definition(Platform platform, StreamingService service) {
        return new ServiceServer.Definition("streaming", true, routing -> routing(routing, service));
    }

    static void routing(HttpRouting.Builder routing, StreamingService service) {
        routing.register("/api/streaming", new StreamingRoutes(service));
    }

    private static StreamingService service(Platform platform) {
        StreamingSettings settings = StreamingSettings.create(platform.config().get("streaming"));
        return new StreamingService(settings, platform::authenticator, Optional.of(records(platform)));
    }

    private static StreamRecords records(Platform platform) {
        return new LazyRecords(() -> new JdbcStreamRecords(platform.database(),
                new StreamKeys(SecretCipher.create(platform.config(), platform.secrets()))));
    }
}
