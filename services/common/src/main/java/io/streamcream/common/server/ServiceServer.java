package io.streamcream.common.server;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.function.Consumer;

import io.helidon.config.Config;
import io.helidon.cors.CrossOriginConfig;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import io.streamcream.common.http.ErrorMapper;

/**
 * Builds the web server of one service with what every port has: access log, CORS allow-list,
 * request size limit, JSON errors (including Helidon's own), {@code /health} and {@code /metrics},
 * and {@code /openapi} with Swagger UI at {@code /api-docs} for services that ship a document.
 */
public final class ServiceServer {

    private static final System.Logger LOG = System.getLogger(ServiceServer.class.getName());

    private ServiceServer() {
    }

    /**
     * Describes one service for {@link #configure}.
     *
     * @param name         short name, e.g. {@code login}
     * @param usesDatabase whether {@code /health} includes the database
     * @param routes       the service's own routes
     * @param healthChecks checks of the service's own that {@code /health} adds
     */
    public record Definition(String name, boolean usesDatabase, Consumer<HttpRouting.Builder> routes,
                             java.util.List<HealthCheck> healthChecks) {

        /**
         * A service whose {@code /health} has only the common checks.
         *
         * @param name         short name
         * @param usesDatabase whether {@code /health} includes the database
         * @param routes       the service's own routes
         */
        public Definition(String name, boolean usesDatabase, Consumer<HttpRouting.Builder> routes) {
            this(name, usesDatabase, routes, java.util.List.of());
        }
    }

    /**
     * Configures a server builder for a service. Host and port are left to the caller
     * ({@link #start} or a test).
     *
     * @param server     the builder
     * @param platform   shared parts
     * @param definition the service
     */
    public static void configure(WebServerConfig.Builder server, Platform platform, Definition definition) {
        Config config = platform.config();
        DirectHandler json = new JsonDirectHandler();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, json);
        }
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).endpoint("health");
        if (definition.usesDatabase()) {
            health.addCheck(databaseCheck(platform));
        }
        definition.healthChecks().forEach(health::addCheck);
        server.featuresDiscoverServices(false)
                .maxPayloadSize(config.get("server.max-payload-size").asLong().orElse(12L * 1024 * 1024))
                .directHandlers(direct.build())
                .addFeature(AccessLogFeature.builder().loggerName("streamcream.access." + definition.name()).build())
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .endpoint("/")
                        .addObserver(health.build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(routing -> routing(routing, platform, definition));
    }

    /**
     * The routing of a service with CORS first and the JSON 404 last. When the classpath holds
     * {@code openapi/<name>.yaml}, the service also answers {@code /openapi} and {@code /api-docs}.
     *
     * @param routing    the routing builder
     * @param platform   shared parts
     * @param definition the service
     */
    public static void routing(HttpRouting.Builder routing, Platform platform, Definition definition) {
        routing.any(cors(platform.config().get("cors")));
        ErrorMapper.register(routing);
        definition.routes().accept(routing);
        OpenApiSupport.forService(definition.name()).ifPresent(routing::register);
        routing.addFeature(new NotFoundFeature());
    }

    /**
     * Starts a service on its configured host and port.
     *
     * @param platform   shared parts
     * @param definition the service
     * @param port       the port (0 for any free one)
     * @return the running server
     */
    public static WebServer start(Platform platform, Definition definition, int port) {
        WebServerConfig.Builder builder = WebServer.builder()
                .host(platform.config().get("server.host").asString().orElse("127.0.0.1"))
                .port(port)
                .shutdownHook(false);
        configure(builder, platform, definition);
        WebServer server = builder.build().start();
        LOG.log(Level.INFO, "StreamCream " + definition.name() + " listening on http://"
                + platform.config().get("server.host").asString().orElse("127.0.0.1") + ":" + server.port());
        return server;
    }

    private static CorsSupport cors(Config cors) {
        String[] origins = cors.get("allowed-origins").asString().orElse("http://localhost:5173")
                .split(",");
        origins = Arrays.stream(origins).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        boolean any = Arrays.asList(origins).contains("*");
        return CorsSupport.builder()
                .addCrossOrigin(CrossOriginConfig.builder()
                        .pathPattern("/*")
                        .allowOrigins(origins)
                        .allowMethods("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                        .allowHeaders("Content-Type", "Authorization", "Range", "If-None-Match", "If-Modified-Since")
                        .allowCredentials(!any)
                        .maxAgeSeconds(3600)
                        .build())
                .build();
    }

    private static HealthCheck databaseCheck(Platform platform) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "database";
            }

            @Override
            public HealthCheckResponse call() {
                boolean up;
                try {
                    up = platform.database().ping();
                } catch (RuntimeException e) {
                    up = false;
                }
                return HealthCheckResponse.builder()
                        .status(up)
                        .detail("type", platform.config().get("db.url").asString().orElse("").startsWith("jdbc:postgresql")
                                ? "postgresql" : "h2")
                        .build();
            }
        };
    }
}
