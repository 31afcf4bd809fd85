package io.streamcream.common.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every port has: JSON errors for every failure, limits, CORS allow-list, health and metrics.
 * Runs on H2 ({@link ServiceServerH2IT}) and PostgreSQL ({@link ServiceServerPostgresIT}).
 */
abstract class ServiceServerTests {

    private final TestClient client;

    ServiceServerTests(URI uri) {
        this.client = new TestClient(uri);
    }

    static TestEnvironment environment(TestDatabase database) {
        return TestEnvironment.create(database, Map.of(
                "cors.allowed-origins", "http://localhost:5173, https://studio.example.com",
                "server.max-payload-size", "2097152"));
    }

    static void setup(WebServerConfig.Builder server, TestEnvironment env) {
        TestEnvironment.localhost(server);
        ServiceServer.configure(server, env.platform(), new ServiceServer.Definition("probe", true, routing ->
                routing.register("/api/echo", rules -> {
                    Routes.path(rules, "/").post((req, res) -> {
                        JsonFields fields = JsonFields.of(RequestJson.object(req));
                        String name = fields.requiredString("name");
                        fields.throwIfInvalid("name 是必填的");
                        Responses.ok(res, "ok", Map.of("name", name));
                    }).register();
                    Routes.path(rules, "/boom").get((req, res) -> {
                        throw new IllegalStateException("secret internal detail");
                    }).register();
                    Routes.path(rules, "/secret").get((req, res) -> Responses.ok(res, "never",
                            io.streamcream.common.security.SecretCipher.of(new byte[32]).decrypt("v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                    "nowhere"))).register();
                    Routes.path(rules, "/db-down").get((req, res) -> {
                        throw new io.helidon.dbclient.DbClientException("connection refused to db:5432",
                                new java.sql.SQLException("refused"));
                    }).register();
                })));
    }

    private static void assertJsonError(HttpReply reply, int status) {
        assertThat(reply.toString(), reply.status(), is(status));
        assertThat(reply.header("Content-Type").orElse(""), startsWith("application/json"));
        assertThat(reply.json().get("success").asBoolean(), is(false));
        assertThat(reply.json().get("code").asInt(), is(status));
    }

    @Test
    void echoWorks() {
        HttpReply reply = client.post("/api/echo", Map.of("name", "小明"));
        assertThat(reply.status(), is(200));
        assertThat(reply.json().at("/data/name").asText(), is("小明"));
    }

    @Test
    void malformedBodies() {
        assertJsonError(client.post("/api/echo", "{\"name\": "), 400);
        assertJsonError(client.post("/api/echo", "[1,2,3]"), 400);
        assertJsonError(client.post("/api/echo", "{\"name\":\"a\",\"name\":\"b\"}"), 400);
        assertJsonError(client.post("/api/echo", "[".repeat(200) + "]".repeat(200)), 400);
        assertJsonError(client.post("/api/echo", "{\"name\": 1" + "0".repeat(200) + "}"), 400);
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertJsonError(client.send(client.request("/api/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8)).build()), 400);
        HttpReply validation = client.post("/api/echo", Map.of());
        assertJsonError(validation, 400);
        assertThat(validation.json().at("/data/errors/0/field").asText(), is("name"));
    }

    @Test
    void contentTypeAndSizeLimits() {
        assertJsonError(client.send(client.request("/api/echo").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<name>x</name>")).build()), 415);
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        assertJsonError(client.post("/api/echo", big), 413);
        byte[] huge = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        // Expect: 100-continue lets the server refuse by Content-Length before the body is sent; without it the
        // server may close the socket while the client is still writing, and the 413 is lost to a TCP reset.
        HttpReply overServerLimit = client.send(client.request("/api/echo").header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(overServerLimit.status(), is(413));
    }

    @Test
    void unknownPathsAndMethods() {
        HttpReply missing = client.get("/api/nothing-here", null);
        assertJsonError(missing, 404);
        HttpReply wrongMethod = client.get("/api/echo", null);
        assertJsonError(wrongMethod, 405);
        assertThat(wrongMethod.header("Allow").orElse(""), containsString("POST"));
    }

    @Test
    void unexpectedFailuresHideTheirDetails() {
        HttpReply reply = client.get("/api/echo/boom", null);
        assertJsonError(reply, 500);
        assertThat(reply.text(), not(containsString("secret internal detail")));
        assertThat(reply.text(), not(containsString("IllegalStateException")));
    }

    @Test
    void databaseFailuresAre503WithoutDetails() {
        HttpReply reply = client.get("/api/echo/db-down", null);
        assertJsonError(reply, 503);
        assertThat(reply.text(), not(containsString("5432")));
    }

    @Test
    void undecryptableSecretsSayWhatHappened() {
        HttpReply reply = client.get("/api/echo/secret", null);
        assertJsonError(reply, 500);
        assertThat(reply.json().get("message").asText(), containsString("加密密钥"));
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        HttpReply allowed = client.send(client.request("/api/echo")
                .header("Origin", "https://studio.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type, Authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(allowed.toString(), allowed.status(), is(200));
        assertThat(allowed.header("Access-Control-Allow-Origin").orElse(""), is("https://studio.example.com"));
        HttpReply denied = client.send(client.request("/api/echo")
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(denied.header("Access-Control-Allow-Origin").isPresent(), is(false));
        HttpReply simple = client.send(client.request("/api/echo").header("Origin", "http://localhost:5173")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}", StandardCharsets.UTF_8)).build());
        assertThat(simple.header("Access-Control-Allow-Origin").orElse(""), is("http://localhost:5173"));
        HttpReply foreign = client.send(client.request("/api/echo").header("Origin", "https://evil.example.net")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}", StandardCharsets.UTF_8)).build());
        assertThat(foreign.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void healthIncludesTheDatabaseAndMetricsAnswer() {
        HttpReply health = client.get("/health", null);
        assertThat(health.status(), is(200));
        assertThat(health.json().get("status").asText(), is("UP"));
        assertThat(health.text(), containsString("\"database\""));
        HttpReply metrics = client.get("/metrics", null);
        assertThat(metrics.status(), is(200));
        assertThat(metrics.text(), containsString("# TYPE"));
    }
}
