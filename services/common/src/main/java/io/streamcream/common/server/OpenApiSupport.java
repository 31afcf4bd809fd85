package io.streamcream.common.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.Routes;
import io.streamcream.common.json.Json;

/**
 * Serves a service's OpenAPI document at {@code /openapi} (YAML, or JSON when the client accepts
 * {@code application/json} or asks {@code ?format=json}) and Swagger UI at {@code /api-docs}. The
 * document is the classpath resource {@code openapi/<service name>.yaml}; the UI's assets come from
 * the {@code smallrye-open-api-ui} jar, so the page works without network access.
 */
final class OpenApiSupport implements HttpService {

    /** Where {@code smallrye-open-api-ui} keeps the Swagger UI files. */
    private static final String UI_ASSETS = "META-INF/resources/openapi-ui/";
    /** The page and its start script. */
    private static final String OWN_ASSETS = "streamcream/api-docs/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui-bundle.js", UI_ASSETS + "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", UI_ASSETS + "swagger-ui-standalone-preset.js",
            "swagger-ui.css", UI_ASSETS + "swagger-ui.css",
            "favicon.ico", UI_ASSETS + "favicon.ico",
            "oauth2-redirect.html", UI_ASSETS + "oauth2-redirect.html",
            "init.js", OWN_ASSETS + "init.js");

    private final String yaml;
    private final String json;

    private OpenApiSupport(String yaml) {
        this.yaml = yaml;
        try {
            JsonNode tree = new YAMLMapper().readTree(yaml);
            this.json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI document is not valid YAML", e);
        }
    }

    /**
     * The document support of a service, when its document is on the classpath.
     *
     * @param service the service name ({@link ServiceServer.Definition#name()})
     * @return the routes, or empty when the service has no document
     */
    static Optional<OpenApiSupport> forService(String service) {
        return resource("openapi/" + service + ".yaml").map(bytes -> new OpenApiSupport(new String(bytes,
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/openapi").get(this::document).register();
        Routes.path(rules, "/api-docs").get(this::page).register();
        Routes.path(rules, "/api-docs/{asset}").get(OpenApiSupport::asset).register();
    }

    private void document(ServerRequest req, ServerResponse res) {
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT);
        boolean wantsJson = accept.contains("application/json")
                || req.query().first("format").asOptional().map("json"::equalsIgnoreCase).orElse(false);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.VARY, "Accept");
        if (wantsJson) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8");
            res.send(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=UTF-8");
            res.send(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void page(ServerRequest req, ServerResponse res) {
        send(res, OWN_ASSETS + "index.html", "text/html; charset=UTF-8");
    }

    private static void asset(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("asset");
        String path = ASSETS.get(name);
        if (path == null) {
            throw ApiException.notFound("文件不存在: " + name);
        }
        send(res, path, contentType(name));
    }

    private static void send(ServerResponse res, String path, String contentType) {
        byte[] bytes = resource(path).orElseThrow(() -> ApiException.notFound("Swagger UI 资源缺失: " + path));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        res.header("X-Content-Type-Options", "nosniff");
        res.send(bytes);
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=UTF-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=UTF-8";
        }
        if (name.endsWith(".html")) {
            return "text/html; charset=UTF-8";
        }
        return "image/x-icon";
    }

    private static Optional<byte[]> resource(String path) {
        ClassLoader loader = OpenApiSupport.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
